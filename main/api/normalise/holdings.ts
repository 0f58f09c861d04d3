/**
 * The one reading of an exchange balance row, for every dialect and the pushed wallet updates (README "The domain
 * model"): the exchange's `balance` is the free part (placing an order moves funds from it into `reserve`), so
 * the app shows balance = free + reserve (everything held), the reserve, and available = the exchange's balance.
 */
import type { Balance, Dec } from '../../../preload/domain';
import { addDec } from '../decimal';

export function holdings(free: Dec, reserve: Dec): Pick<Balance, 'balance' | 'reserve' | 'available'> {
  return { balance: addDec(free, reserve), reserve, available: free };
}
