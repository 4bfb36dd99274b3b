/**
 * Turns the consent policy into what the browser enforces: declarativeNetRequest dynamic rules, the
 * page-world scripts that send Global Privacy Control and deny geolocation, and a simulator of the
 * installed rules so each observed request is recorded with what enforcement did to it.
 */
import { compileRules, type CompileResult } from '../consent/compile';
import { diffRules } from '../consent/rule-diff';
import { chromeMajorFromUserAgent, scopeForChrome } from '../consent/rule-scope';
import type { KnownRecipient } from '../consent/rule-types';
import type { ConsentPolicy } from '../consent/model';
import { geolocationMatchPatterns, gpcMatchPatterns } from '../consent/page-scripts';
import { keepaliveHiddenFromExtensions } from '../consent/keepalive';
import { FIRST_RUN_RULESET } from '../consent/first-run-rules';
import { simulate } from '../consent/simulate';
import { DNR_RESOURCE_TYPES, type DnrResourceType, type DnrRule } from '../consent/dnr';
import type { FlowAction } from '../model';
import type { Platform, RegisteredScript } from '../platform';

const GPC_SCRIPT_ID = 'shareledger-gpc';
const GEO_SCRIPT_ID = 'shareledger-deny-geolocation';
const KEEPALIVE_SCRIPT_ID = 'shareledger-keepalive-visible';
const OUR_SCRIPT_IDS: ReadonlySet<string> = new Set([GPC_SCRIPT_ID, GEO_SCRIPT_ID, KEEPALIVE_SCRIPT_ID]);
const RESOURCE_TYPES: ReadonlySet<string> = new Set(DNR_RESOURCE_TYPES);

export interface RequestOutcome {
  action: FlowAction;
  /** The URL that actually left the browser (parameters stripped), or the original. */
  sentUrl: string;
}

export interface RequestToSimulate {
  url: string;
  type: string;
  initiator?: string;
  top?: string;
  method: string;
}

export class Enforcer {
  private rules: DnrRule[] = [];
  private applied = false;
  /** The first-run ruleset is known to be off: later applies need not ask the browser again. */
  private firstRunRetired = false;

  /**
   * @param firstRunRules the static first-run ruleset's rules (read from the package), simulated while
   *   the browser still enforces them
   */
  constructor(
    private readonly platform: Pick<Platform, 'dnr' | 'scripting' | 'userAgent'>,
    private readonly firstRunRules: () => Promise<DnrRule[]> = async () => [],
  ) {}

  /**
   * Compiles and installs the rules and page scripts. Chrome refuses a whole update if one rule is
   * invalid: then the previous rules stay in force and apply rejects, so the caller can roll back.
   */
  async apply(policy: ConsentPolicy, recipients: KnownRecipient[], retailers: string[]): Promise<CompileResult> {
    // Chrome 141+ matches by the tab's top-level site (topDomains): exactly our notion of retailer.
    const scope = scopeForChrome(chromeMajorFromUserAgent(this.platform.userAgent));
    const compiled = compileRules(policy, recipients, { scope, retailers });
    try {
      const installed = await this.platform.dnr.getDynamicRules();
      const update = diffRules(installed, compiled.rules);
      if (update.removeRuleIds.length || update.addRules.length) await this.platform.dnr.updateDynamicRules(update);
    } catch (error) {
      throw new Error(`the browser refused the rules, the previous ones stay in force: ${String(error)}`, {
        cause: error,
      });
    }
    this.rules = compiled.rules;
    this.applied = true;
    await this.retireFirstRunRuleset();
    await this.syncPageScripts(policy);
    return compiled;
  }

  /** The policy's own rules are in force: the static first-run ruleset has done its job. */
  private async retireFirstRunRuleset(): Promise<void> {
    if (this.firstRunRetired) return;
    try {
      if ((await this.platform.dnr.getEnabledRulesets()).includes(FIRST_RUN_RULESET.id))
        await this.platform.dnr.updateEnabledRulesets({ disableRulesetIds: [FIRST_RUN_RULESET.id] });
      this.firstRunRetired = true;
    } catch (error) {
      // Still enforced then: the recommended default's blocking on top of the shopper's policy.
      console.error('ShareLedger: could not disable the first-run ruleset', error);
    }
  }

  /**
   * At a worker's start: simulates the rules the browser already enforces (dynamic rules outlive the
   * worker; the first-run ruleset is on after an install or update), so requests are recorded as soon
   * as the browser answers, not after the ledger is opened and the policy compiled again. A later
   * apply() replaces them.
   */
  async adoptInstalled(): Promise<void> {
    const [installed, enabled] = await Promise.all([
      this.platform.dnr.getDynamicRules(),
      this.platform.dnr.getEnabledRulesets(),
    ]);
    const firstRun = enabled.includes(FIRST_RUN_RULESET.id) ? await this.firstRunRules() : [];
    if (!this.applied) this.rules = [...installed, ...firstRun];
  }

  /** What the installed rules do to a request, as the ledger records it. */
  outcome(request: RequestToSimulate): RequestOutcome {
    if (this.rules.length === 0) return { action: 'allowed', sentUrl: request.url };
    const type = (RESOURCE_TYPES.has(request.type) ? request.type : 'other') as DnrResourceType;
    const result = simulate(this.rules, {
      url: request.url,
      type,
      initiator: request.initiator,
      top: request.top,
      method: request.method.toLowerCase(),
    });
    if (result.outcome === 'blocked') return { action: 'blocked', sentUrl: request.url };
    if (result.outcome === 'redirected' && result.redirectUrl)
      return { action: 'modified', sentUrl: result.redirectUrl };
    if (result.removedRequestHeaders.length) return { action: 'modified', sentUrl: request.url };
    return { action: 'allowed', sentUrl: request.url };
  }

  /**
   * GPC's navigator.globalPrivacyControl and the geolocation denial run in the page's own world; so
   * does, in Firefox before 147, the script that lets webRequest see keepalive fetches, wherever
   * something is revoked (where GPC goes).
   */
  private async syncPageScripts(policy: ConsentPolicy): Promise<void> {
    const { scripting } = this.platform;
    const wanted: RegisteredScript[] = [];
    const gpc = gpcMatchPatterns(policy);
    if (gpc.matches.length) wanted.push(pageScript(GPC_SCRIPT_ID, '/gpc-signal.js', gpc.matches, gpc.excludeMatches));
    if (gpc.matches.length && keepaliveHiddenFromExtensions(this.platform.userAgent))
      wanted.push(pageScript(KEEPALIVE_SCRIPT_ID, '/keepalive-visible.js', gpc.matches, gpc.excludeMatches));
    const geo = geolocationMatchPatterns(policy);
    if (geo.matches.length)
      wanted.push(pageScript(GEO_SCRIPT_ID, '/deny-geolocation.js', geo.matches, geo.excludeMatches));
    const registered = await scripting.getRegisteredContentScripts();
    const ours = registered.map((s) => s.id).filter((id) => OUR_SCRIPT_IDS.has(id));
    if (ours.length) await scripting.unregisterContentScripts({ ids: ours });
    if (wanted.length) await scripting.registerContentScripts(wanted);
  }
}

function pageScript(id: string, file: string, matches: string[], excludeMatches: string[] = []): RegisteredScript {
  return {
    id,
    js: [file],
    matches,
    ...(excludeMatches.length ? { excludeMatches } : {}),
    runAt: 'document_start',
    world: 'MAIN',
    allFrames: true,
    persistAcrossSessions: true,
  };
}
