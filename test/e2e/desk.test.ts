/**
 * The trading desk end to end on a laptop screen (1280x720): a margin order with auto-borrow that fills and
 * shows in the margin panel, a stop-entry buy (and the warning of a stop that would trigger at once), a
 * post-only order refused when it would cross, a market buy by quote amount with its book-walk estimate,
 * 45 days of own trades and orders through a custom range (newest first), and a subaccount switch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinAccount, inViewport, placeAndWait, plain, ready, submitTicket } from './desk-helpers';
import { type E2E, MAKER_ACCOUNT, startE2E } from './harness';

const PAIR = 'BTC_USD';
const DAY = 86_400_000;

describe('desk at 1280x720, end to end', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ viewport: { width: 1280, height: 720 } });
    await e2e.maker.createOrder({ pair: PAIR, side: 'sell', price: '61000', amount: '0.6' });
    await e2e.maker.createOrder({ pair: PAIR, side: 'buy', price: '59000', amount: '0.6' });
    await ready(e2e.page);
  }, 120_000);
  afterAll(() => e2e?.close());

  it('places a margin buy with auto-borrow that fills and shows in the margin panel', async () => {
    const page = e2e.page;
    const margin = page.locator('[data-panel="margin"]');
    const ticket = page.locator('[data-panel="ticket"]');
    // 1 000 USD into the isolated BTC/USD wallet; the order needs 3 050, so 2 050 is borrowed.
    await margin.getByTestId('margin-action').selectOption('ADD');
    await margin.getByTestId('margin-wallet-type').selectOption('ISOLATED_MARGIN');
    await margin.getByTestId('margin-currency').selectOption('USD');
    await margin.getByTestId('margin-amount').fill('1000');
    await margin.getByTestId('margin-amount').press('Enter');
    await expect
      .poll(async () => plain(await margin.getByTestId('margin-wallets').textContent()), { timeout: 20_000 })
      .toContain('1 000.00');

    await ticket.getByTestId('ticket-wallet').selectOption('ISOLATED_MARGIN');
    await ticket.getByTestId('ticket-side-effect').selectOption('AUTO_BORROW');
    await ticket.getByTestId('ticket-price').fill('61000');
    await ticket.getByTestId('ticket-amount').fill('0.05');
    await expect
      .poll(async () => plain(await ticket.getByTestId('ticket-available').textContent()), { timeout: 15_000 })
      .toContain('1 000');
    expect(plain(await ticket.getByTestId('ticket-submit').textContent())).toContain('Buy BTC · Isolated margin');
    await e2e.screenshot('desk-ticket-margin-1280', '[data-panel="ticket"]');
    const order = await placeAndWait(e2e);
    expect(order).toMatchObject({ walletType: 'ISOLATED_MARGIN', sideEffect: 'AUTO_BORROW', status: 'FILLED' });
    await expect
      .poll(() => ticket.getByTestId('ticket-result').getAttribute('data-outcome'), { timeout: 15_000 })
      .toBe('created');
    // The margin panel reads itself again on the fill: the loan is there, for the isolated BTC/USD scope.
    const position = margin.locator('[data-testid="margin-position"][data-currency="USD"][data-pair="BTC_USD"]');
    await expect.poll(() => position.count(), { timeout: 20_000 }).toBe(1);
    expect(plain(await position.locator('[data-col="borrowed"]').textContent())).toBe('2 050.00');
    expect(await margin.locator('[data-testid="margin-close"][data-scope="BTC_USD"]').textContent()).toBe(
      'Close isolated BTC/USD…',
    );
    await e2e.screenshot('desk-margin-after-auto-borrow-1280', '[data-panel="margin"]');
    // Back to spot for the next tests.
    await ticket.getByTestId('ticket-wallet').selectOption('SPOT');
  }, 120_000);

  it('places a stop-entry buy, and warns when a stop would trigger at once', async () => {
    const page = e2e.page;
    const ticket = page.locator('[data-panel="ticket"]');
    await ticket.getByTestId('ticket-type').selectOption('STOP_LIMIT');
    expect(await ticket.getByTestId('ticket-stop-op').inputValue()).toBe('GTE');
    // The last trade was at 61 000: a buy stop at or below it would fire at once.
    await ticket.getByTestId('ticket-stopPrice').fill('60500');
    await expect.poll(() => ticket.getByTestId('ticket-stop-warning').count(), { timeout: 15_000 }).toBe(1);
    await ticket.getByTestId('ticket-stopPrice').fill('62000');
    expect(await ticket.getByTestId('ticket-stop-warning').count()).toBe(0);
    await ticket.getByTestId('ticket-price').fill('62100');
    await ticket.getByTestId('ticket-amount').fill('0.01');
    const placed = await placeAndWait(e2e);
    const rows = page.getByTestId('open-orders').getByTestId('open-order-row');
    await expect
      .poll(async () => plain((await rows.allTextContents()).join('|')).includes('62 100.00'), { timeout: 15_000 })
      .toBe(true);
    expect(placed).toMatchObject({ type: 'STOP_LIMIT', stopOperator: 'GTE', status: 'PENDING', side: 'BUY' });
    expect(placed?.stopPrice.toFixed()).toBe('62000');
    // A take-profit style direction can be chosen for a buy too.
    await ticket.getByTestId('ticket-stop-op').selectOption('LTE');
    expect(plain(await ticket.getByTestId('ticket-stop-op').textContent())).toContain('falls to the stop');
    await ticket.getByTestId('ticket-type').selectOption('LIMIT');
  }, 120_000);

  it('refuses a post-only order that would cross, and sends nothing that trades', async () => {
    const page = e2e.page;
    const ticket = page.locator('[data-panel="ticket"]');
    const trades = e2e.paper.core.state.trades.length;
    await ticket.getByTestId('ticket-type').selectOption('LIMIT');
    await ticket.getByTestId('ticket-post-only').check();
    await ticket.getByTestId('ticket-price').fill('61000');
    await ticket.getByTestId('ticket-amount').fill('0.01');
    // The ticket says so before sending; the exchange is the one that refuses it.
    await expect.poll(() => ticket.getByTestId('ticket-post-only-warning').count()).toBe(1);
    await submitTicket(page);
    await expect
      .poll(async () => plain(await ticket.getByTestId('ticket-send-error').textContent()), { timeout: 15_000 })
      // The documented engine says "would take liquidity"; today's API (the default Paper profile) refuses the
      // post_only field with "would trade at once against the asks".
      .toMatch(/would take liquidity|would trade at once/);
    expect(e2e.paper.core.state.trades.length).toBe(trades);
    expect(await ticket.getByTestId('ticket-result').count()).toBe(0);
    expect(await inViewport(page, 'ticket-send-error')).toBe(true);
    await e2e.screenshot('desk-ticket-post-only-refused-1280', '[data-panel="ticket"]');
    await ticket.getByTestId('ticket-post-only').uncheck();
  }, 120_000);

  it('buys at market by the quote amount, with the total estimated from the book', async () => {
    const page = e2e.page;
    const ticket = page.locator('[data-panel="ticket"]');
    await ticket.getByTestId('ticket-type').selectOption('MARKET');
    await ticket.getByTestId('ticket-amount-in-quote').click();
    await ticket.getByTestId('ticket-amount').fill('500');
    // 500 / 61 000 = 0.008196… whole lots of 0.000001.
    await expect.poll(async () => plain(await ticket.getByTestId('ticket-total').textContent())).toBe('≈ 0.008196 BTC');
    await e2e.screenshot('desk-ticket-quote-buy-1280', '[data-panel="ticket"]');
    const before = e2e.paper.core.state.trades.length;
    const placed = await placeAndWait(e2e);
    expect(placed?.type).toBe('MARKET');
    expect(placed?.quoteAmount.toFixed()).toBe('500');
    expect(e2e.paper.core.state.trades.length).toBeGreaterThan(before);
    expect(placed?.filled.toFixed()).toBe('0.008196');
    await ticket.getByTestId('ticket-type').selectOption('LIMIT');
  }, 120_000);

  it('shows 45 days of own trades and orders through a custom range, newest first', async () => {
    const page = e2e.page;
    const me = builtinAccount(e2e);
    const maker = e2e.paper.core.accounts.byApiKey(MAKER_ACCOUNT.key);
    if (!maker) throw new Error('maker missing');
    const now = Date.now();
    // Trades at 29, 22, 16 and 2 days ago: a 45-day range asks two 30-day windows ([45 d, 15 d) and [15 d, now)).
    // All are inside the paper exchange's 30-day retention of finished orders (retention.ts): older ones are gone.
    const ages = [29, 22, 16, 2];
    for (const days of ages) {
      const t = now - days * DAY;
      const amount = `0.00${days < 10 ? `0${days}` : days}`;
      e2e.paper.core.place(
        {
          accountId: maker.id,
          pair: PAIR,
          side: 'SELL',
          type: 'LIMIT',
          tif: 'GTC',
          walletType: 'SPOT',
          price: '60000',
          amount,
        },
        t,
      );
      e2e.paper.core.place(
        {
          accountId: me.id,
          pair: PAIR,
          side: 'BUY',
          type: 'LIMIT',
          tif: 'GTC',
          walletType: 'SPOT',
          price: '60000',
          amount,
        },
        t,
      );
    }
    const day = (ms: number) => {
      const d = new Date(ms);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    await page.getByTestId('tab-trades').click();
    await page.getByTestId('trades-preset').selectOption('custom');
    await page.getByTestId('trades-from').fill(day(now - 45 * DAY));
    await page.getByTestId('trades-to').fill(day(now));
    const backdated = page.getByTestId('own-trades').getByTestId('own-trade-row').filter({ hasText: '60 000.00' });
    await expect.poll(() => backdated.count(), { timeout: 30_000 }).toBe(4);
    const amounts = await backdated.evaluateAll((rows) =>
      rows.map((r) => r.querySelectorAll('td')[4]?.textContent?.replace(/\s/g, '') ?? ''),
    );
    expect(amounts).toEqual(['0.000200', '0.001600', '0.002200', '0.002900']);
    await e2e.screenshot('desk-tab-trades-45-days-1280', '[data-panel="tabs"]');

    await page.getByTestId('tab-history').click();
    await page.getByTestId('history-preset').selectOption('custom');
    await page.getByTestId('history-from').fill(day(now - 45 * DAY));
    await page.getByTestId('history-to').fill(day(now));
    const filled = page.getByTestId('order-history').locator('tbody tr').filter({ hasText: '60 000.00' });
    // Both sides are the built-in account's only when it bought: four buys in range (the maker's sells are not its).
    await expect.poll(() => filled.count(), { timeout: 30_000 }).toBe(4);
    const times = await filled.evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent ?? ''));
    expect(times).toEqual([...times].sort().reverse());
    await e2e.screenshot('desk-tab-history-45-days-1280', '[data-panel="tabs"]');

    await page.getByTestId('tab-activity').click();
    await expect.poll(() => page.getByTestId('wallet-activity-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await e2e.screenshot('desk-tab-activity-1280', '[data-panel="tabs"]');
  }, 180_000);

  it('switches to a subaccount listed under its parent and places orders for it', async () => {
    const page = e2e.page;
    const parent = builtinAccount(e2e);
    const subId = e2e.paper.core.ensureAccount(
      {
        key: 'desk-sub-key-0123456789',
        secret: 'desk-sub-secret',
        balances: { USD: '1000' },
        name: 'desk-sub',
        parent: parent.name,
      },
      Date.now(),
    );
    expect(e2e.paper.core.accounts.get(subId)?.parentId).toBe(parent.id);
    await page.getByTestId('account-switcher').click();
    const sub = page.getByTestId('switcher-subaccount');
    await expect.poll(() => sub.count(), { timeout: 15_000 }).toBe(1);
    expect(await sub.textContent()).toContain('desk-sub');
    // The exchange's balance read answers the key's own account only: the switcher says so under the subaccounts.
    expect(plain(await page.getByTestId('subaccount-balances-note').textContent())).toContain(
      'Subaccount balances are not shown',
    );
    await e2e.screenshot('desk-switcher-subaccount-1280');
    await sub.click();
    await expect.poll(() => page.getByTestId('active-subaccount').textContent()).toContain('desk-sub');
    // The balances tab names whose balances it shows, instead of passing the parent's off as the subaccount's.
    await page.getByTestId('tab-balances').click();
    await expect
      .poll(async () => plain(await page.getByTestId('balances-subaccount-note').textContent({ timeout: 1_000 })))
      .toContain("Trading for desk-sub: these are the balances of the key's own account.");
    await e2e.screenshot('desk-tab-balances-subaccount-1280', '[data-panel="tabs"]');
    await page.getByTestId('tab-orders').click();
    const ticket = page.locator('[data-panel="ticket"]');
    expect(await ticket.getByTestId('ticket-subaccount').textContent()).toContain('desk-sub');
    await ticket.getByTestId('ticket-type').selectOption('LIMIT');
    await ticket.getByTestId('ticket-price').fill('50000');
    await ticket.getByTestId('ticket-amount').fill('0.001');
    const last = await placeAndWait(e2e);
    await e2e.screenshot('desk-ticket-subaccount-1280', '[data-panel="ticket"]');
    expect({ accountId: last.accountId, price: last.price.toFixed() }).toEqual({ accountId: subId, price: '50000' });
    // Ctrl+1 is the parent's own account again (the keys follow the listed order).
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+1');
    await expect.poll(() => page.getByTestId('active-subaccount').count()).toBe(0);
    await page.keyboard.press('Control+2');
    await expect.poll(() => page.getByTestId('active-subaccount').count()).toBe(1);
    await page.keyboard.press('Control+1');
  }, 120_000);
});
