import { type Dec, scaledDec } from './money';
import type { Side, TradeRecord, WalletType } from './state';
import { unitsDec } from './units';

/**
 * A trade as the settlement produced it: price in ticks, amount in lots, total and fees in wallet units.
 * Its Decimal fields are made when first read (then kept), so recording a fill allocates no Decimal; it reads
 * and serialises as the plain `TradeRecord` shape. Trades of a loaded snapshot stay plain objects.
 */
export class TradeCell implements TradeRecord {
  private priceDec: Dec | null = null;
  private amountDec: Dec | null = null;
  private totalDec: Dec | null = null;
  private buyFeeDec: Dec | null = null;
  private sellFeeDec: Dec | null = null;

  constructor(
    public id: number,
    public pair: string,
    readonly priceTicks: number,
    readonly pricePrecision: number,
    readonly lots: number,
    readonly amountPrecision: number,
    readonly totalUnits: bigint,
    public takerSide: Side,
    public time: number,
    public buyOrderId: number,
    public sellOrderId: number,
    public buyerId: number,
    public sellerId: number,
    readonly buyFeeUnits: bigint,
    readonly sellFeeUnits: bigint,
    public buyFeeRate: Dec,
    public sellFeeRate: Dec,
    public buyWalletType: WalletType,
    public sellWalletType: WalletType,
  ) {}

  get price(): Dec {
    this.priceDec ??= scaledDec(this.priceTicks, this.pricePrecision);
    return this.priceDec;
  }

  get amount(): Dec {
    this.amountDec ??= scaledDec(this.lots, this.amountPrecision);
    return this.amountDec;
  }

  get total(): Dec {
    this.totalDec ??= unitsDec(this.totalUnits);
    return this.totalDec;
  }

  get buyFee(): Dec {
    this.buyFeeDec ??= unitsDec(this.buyFeeUnits);
    return this.buyFeeDec;
  }

  get sellFee(): Dec {
    this.sellFeeDec ??= unitsDec(this.sellFeeUnits);
    return this.sellFeeDec;
  }

  /** The plain `TradeRecord` shape, in its key order. */
  toJSON(): TradeRecord {
    return {
      id: this.id,
      pair: this.pair,
      price: this.price,
      amount: this.amount,
      total: this.total,
      takerSide: this.takerSide,
      time: this.time,
      buyOrderId: this.buyOrderId,
      sellOrderId: this.sellOrderId,
      buyerId: this.buyerId,
      sellerId: this.sellerId,
      buyFee: this.buyFee,
      sellFee: this.sellFee,
      buyFeeRate: this.buyFeeRate,
      sellFeeRate: this.sellFeeRate,
      buyWalletType: this.buyWalletType,
      sellWalletType: this.sellWalletType,
    };
  }
}
