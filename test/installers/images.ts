/** Minimal readers for the icon containers the installers ship: PNG, ICO (PNG entries), ICNS (PNG elements). */
import { inflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngInfo {
  readonly width: number;
  readonly height: number;
  readonly colourType: number;
  readonly bitDepth: number;
  /** Alpha of the centre pixel and of the top-left corner (RGBA, 8-bit only), to see the mark is drawn. */
  readonly centreAlpha: number;
  readonly cornerAlpha: number;
}

/** Parses a PNG fully: signature, chunk CRC-free walk, IHDR, IDAT inflate, unfiltered scanlines. */
export function readPng(data: Uint8Array): PngInfo {
  const buf = Buffer.from(data);
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG (bad signature)');
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colourType: number } | null = null;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset + 8 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const body = buf.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) throw new Error(`truncated ${type} chunk`);
    if (type === 'IHDR') {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        bitDepth: body.readUInt8(8),
        colourType: body.readUInt8(9),
      };
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset += 12 + length;
  }
  if (!header) throw new Error('PNG without IHDR');
  if (!ended) throw new Error('PNG without IEND');
  const { width, height, bitDepth, colourType } = header;
  let centreAlpha = 255;
  let cornerAlpha = 255;
  if (colourType === 6 && bitDepth === 8) {
    const pixels = unfilter(inflateSync(Buffer.concat(idat)), width, height, 4);
    const alpha = (x: number, y: number): number => pixels[(y * width + x) * 4 + 3]!;
    centreAlpha = alpha(width >> 1, height >> 1);
    cornerAlpha = alpha(0, 0);
  }
  return { width, height, colourType, bitDepth, centreAlpha, cornerAlpha };
}

function unfilter(raw: Buffer, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  if (raw.length !== height * (stride + 1))
    throw new Error(`IDAT holds ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`bad PNG filter ${filter}`);
      }
      out[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return out;
}

export interface IcoEntry {
  readonly width: number;
  readonly height: number;
  readonly png: PngInfo;
}

export function readIco(data: Uint8Array): IcoEntry[] {
  const buf = Buffer.from(data);
  if (buf.readUInt16LE(0) !== 0 || buf.readUInt16LE(2) !== 1) throw new Error('not an ICO');
  const count = buf.readUInt16LE(4);
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + 16 * i;
    const size = buf.readUInt32LE(at + 8);
    const offset = buf.readUInt32LE(at + 12);
    if (offset + size > buf.length) throw new Error(`ICO entry ${i} runs past the end`);
    entries.push({
      width: buf.readUInt8(at) || 256,
      height: buf.readUInt8(at + 1) || 256,
      png: readPng(buf.subarray(offset, offset + size)),
    });
  }
  return entries;
}

export interface IcnsElement {
  readonly type: string;
  readonly png: PngInfo;
}

export function readIcns(data: Uint8Array): IcnsElement[] {
  const buf = Buffer.from(data);
  if (buf.toString('latin1', 0, 4) !== 'icns') throw new Error('not an ICNS');
  if (buf.readUInt32BE(4) !== buf.length) throw new Error('ICNS length field does not match the file');
  const elements: IcnsElement[] = [];
  let offset = 8;
  while (offset < buf.length) {
    const type = buf.toString('latin1', offset, offset + 4);
    const length = buf.readUInt32BE(offset + 4);
    if (length < 8 || offset + length > buf.length) throw new Error(`bad ICNS element ${type}`);
    elements.push({ type, png: readPng(buf.subarray(offset + 8, offset + length)) });
    offset += length;
  }
  return elements;
}
