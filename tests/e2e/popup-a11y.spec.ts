import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { shopJourney } from '../../demo-store/journey';

test('the popup is accessible in light and dark mode and usable from the keyboard', async ({ store, ext }) => {
  await shopJourney(ext.context, { origin: store.origin, settleMs: 400 });
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 520, height: 900 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=demo-store.test`);
  await expect(popup.locator('tr[data-recipient]').first()).toBeVisible();
  await expect(popup.getByRole('switch', { name: /Contact/ })).toBeVisible();

  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme });
    await popup.screenshot({ path: test.info().outputPath(`popup-${colorScheme}.png`), fullPage: true });
    const results = await new AxeBuilder({ page: popup }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `${colorScheme} mode`,
    ).toEqual([]);
  }

  // Keyboard: tab to the Behavior switch and revoke it with the space bar.
  const behavior = popup.getByRole('switch', { name: /Behavior/ });
  await behavior.focus();
  await popup.keyboard.press('Space');
  await expect(behavior).not.toBeChecked();
  await expect(popup.locator('[data-scope="site"] [data-category-row="behavior"] .state')).toHaveText('Revoked');
});
