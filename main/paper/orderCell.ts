import { type Dec, ZERO, scaledDec, toScaled } from './money';
import type {
  OrderRecord,
  OrderStatus,
  OrderType,
  Side,
  SideEffect,
  StopOperator,
  TimeInForce,
  WalletType,
} from './state';
import { toUnits, unitsDec } from './units';
import type { WalletCell } from './walletRecords';

/**
 * An order whose fill and reserve are integers (filled in the pair's lots, reserved in wallet units of 1e-8):
 * settling a fill adds and subtracts those, not Decimals. `filled`, `reserved` and `amount` read as Decimals
 * (made when read, then kept until the next change), so readers of the plain `OrderRecord` shape are unchanged;
 * it serialises as that shape, in its key order.
 */
export class OrderCell implements OrderRecord {
  id: number;
  accountId: number;
  pair: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  walletType: WalletType;
  price: Dec;
  stopPrice: Dec;
  stopOperator: StopOperator | '';
  quoteAmount: Dec;
  cancelled: Dec;
  status: OrderStatus;
  createdAt: number;
  updatedAt: number;
  openAt: number;
  doneAt: number;
  expireAt: number;
  clientOrderId: string;
  sideEffect: SideEffect;
  reserveCurrency: string;
  restSeq?: number;
  /** The limit price in ticks (0 for market orders). */
  readonly priceTicks: number;
  /** Base amount ordered, in lots. */
  amountLots: number;
  filledLots: number;
  reservedUnits: bigint;
  /** The order's wallets in its scope, looked up once (settlement moves them at every fill). Not state. */
  baseWallet: WalletCell | null = null;
  quoteWallet: WalletCell | null = null;
  private amountDec: Dec;
  private filledDec: Dec | null = null;
  private reservedDec: Dec | null = null;

  /**
   * `amountPrecision`: the pair's lot decimals (what `filled` and `amount` are counted in); `pricePrecision` its
   * tick decimals. `priceTicks` and `amountLots`, when the caller has them, spare converting the Decimals.
   */
  constructor(
    o: OrderRecord,
    readonly amountPrecision: number,
    readonly pricePrecision: number,
    priceTicks?: number,
    amountLots?: number,
  ) {
    this.id = o.id;
    this.accountId = o.accountId;
    this.pair = o.pair;
    this.side = o.side;
    this.type = o.type;
    this.tif = o.tif;
    this.walletType = o.walletType;
    this.price = o.price;
    this.stopPrice = o.stopPrice;
    this.stopOperator = o.stopOperator;
    this.amountDec = o.amount;
    this.amountLots = amountLots ?? toScaled(o.amount, amountPrecision);
    this.priceTicks = priceTicks ?? toScaled(o.price, pricePrecision);
    this.quoteAmount = o.quoteAmount;
    this.filledLots = o.filled.isZero() ? 0 : toScaled(o.filled, amountPrecision);
    this.cancelled = o.cancelled;
    this.status = o.status;
    this.createdAt = o.createdAt;
    this.updatedAt = o.updatedAt;
    this.openAt = o.openAt;
    this.doneAt = o.doneAt;
    this.expireAt = o.expireAt;
    this.clientOrderId = o.clientOrderId;
    this.sideEffect = o.sideEffect;
    this.reservedUnits = o.reserved.isZero() ? 0n : toUnits(o.reserved);
    this.reserveCurrency = o.reserveCurrency;
    if (o.restSeq !== undefined) this.restSeq = o.restSeq;
  }

  get amount(): Dec {
    return this.amountDec;
  }

  set amount(v: Dec) {
    this.amountLots = toScaled(v, this.amountPrecision);
    this.amountDec = v;
  }

  get filled(): Dec {
    this.filledDec ??= this.filledLots === 0 ? ZERO : scaledDec(this.filledLots, this.amountPrecision);
    return this.filledDec;
  }

  set filled(v: Dec) {
    this.filledLots = toScaled(v, this.amountPrecision);
    this.filledDec = v;
  }

  get reserved(): Dec {
    this.reservedDec ??= unitsDec(this.reservedUnits);
    return this.reservedDec;
  }

  set reserved(v: Dec) {
    this.reservedUnits = toUnits(v);
    this.reservedDec = v;
  }

  addFilled(lots: number): void {
    this.filledLots += lots;
    this.filledDec = null;
  }

  setReservedUnits(units: bigint): void {
    this.reservedUnits = units;
    this.reservedDec = null;
  }

  /** The plain `OrderRecord` shape, in its key order (`restSeq` last, and only once the order rested). */
  toJSON(): OrderRecord {
    const o: OrderRecord = {
      id: this.id,
      accountId: this.accountId,
      pair: this.pair,
      side: this.side,
      type: this.type,
      tif: this.tif,
      walletType: this.walletType,
      price: this.price,
      stopPrice: this.stopPrice,
      stopOperator: this.stopOperator,
      amount: this.amount,
      quoteAmount: this.quoteAmount,
      filled: this.filled,
      cancelled: this.cancelled,
      status: this.status,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      openAt: this.openAt,
      doneAt: this.doneAt,
      expireAt: this.expireAt,
      clientOrderId: this.clientOrderId,
      sideEffect: this.sideEffect,
      reserved: this.reserved,
      reserveCurrency: this.reserveCurrency,
    };
    if (this.restSeq !== undefined) o.restSeq = this.restSeq;
    return o;
  }
}
