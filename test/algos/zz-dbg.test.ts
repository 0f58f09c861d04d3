import { it } from 'vitest';
import { clientOf, exchangeChildren, startEngine, startVenue, TRADER, tempDir } from './helpers';
it('dbg', async () => {
  const paper = await startVenue();
  const trader = clientOf(paper.url, TRADER);
  const t = await startEngine(trader, await tempDir());
  const algo = await t.engine.create({ type: 'oco', pair: 'BTC_USD', side: 'sell', amount: '0.02', takeProfit: '70000', stop: '40000' });
  await new Promise((r) => setTimeout(r, 5000));
  console.log(JSON.stringify(exchangeChildren(paper, algo.id)), JSON.stringify(t.latest(algo.id), null, 1), t.engine.problems);
  await t.engine.stop(); await paper.close();
});
