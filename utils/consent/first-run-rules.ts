/**
 * The recommended default's rules, shipped as a static declarativeNetRequest ruleset enabled in the
 * manifest: the browser enforces them from the moment the extension is installed, before the worker
 * has run, opened its ledger and installed its dynamic rules (which took long enough for the first
 * page after install to go out unprotected, without Sec-GPC, with FullStory's script loaded). The
 * worker disables the ruleset once its own rules, compiled from the stored policy, are in force; a
 * browser re-enables it at each extension update, until the worker's next apply.
 */
import { compileRules } from './compile';
import type { DnrRule } from './dnr';
import { FIRST_RUN_POLICY } from './first-run';
import { recipientsFromRegistry } from './recipients';
import { VENDORS } from '../vendors/registry';

export const FIRST_RUN_RULESET = { id: 'first-run', path: 'rules/first-run.json' } as const;

/**
 * The rules the worker would install for FIRST_RUN_POLICY in a fresh profile (no shop visited yet),
 * scoped by initiator, which every supported Chrome and Firefox understands.
 */
export function compileFirstRunRules(): DnrRule[] {
  const { rules, warnings } = compileRules(FIRST_RUN_POLICY, recipientsFromRegistry(VENDORS), {
    scope: 'initiator',
    retailers: [],
  });
  if (warnings.length) throw new Error(`first-run rules: ${warnings.join('; ')}`);
  return rules;
}
