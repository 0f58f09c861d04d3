/**
 * `npm run icons`: render every platform's app icon from the one source image, resources/icon.svg.
 *
 * Writes (all committed, so `npm run dist` needs no rasteriser):
 *   resources/icons/NxN.png  Linux (AppImage, deb): one PNG per size, electron-builder's icon-set folder layout
 *   resources/icon.png       1024×1024 master (window icon, fallback for any target)
 *   resources/icon.ico       Windows (NSIS, exe): PNG-compressed entries 16…256
 *   resources/icon.icns      macOS (dmg, .app): PNG entries 16…1024 incl. @2x
 *
 * Each size is rendered from the vector source (not downscaled from a bitmap), so small sizes stay crisp.
 * The .ico and .icns containers are written here rather than converted at packaging time, so what ships is
 * exactly what the tests check.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** ICNS element types that hold PNG data, with their pixel size. */
const ICNS_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

const resources = import.meta.dirname;

/** An ICO file whose entries are PNG streams (supported since Windows Vista; required for 256×256). */
function buildIco(images: ReadonlyArray<{ size: number; png: Uint8Array }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2); // palette colours
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map(({ png }) => Buffer.from(png))]);
}

/** An ICNS file: 'icns' + total length, then (type, length incl. 8-byte header, PNG data) elements. */
function buildIcns(elements: ReadonlyArray<{ type: string; png: Uint8Array }>): Buffer {
  const parts = elements.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, Buffer.from(png)]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

async function main(): Promise<void> {
  const require = createRequire(import.meta.url);
  await initWasm(await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  const svg = await readFile(join(resources, 'icon.svg'), 'utf8');

  const cache = new Map<number, Uint8Array>();
  const render = (size: number): Uint8Array => {
    let png = cache.get(size);
    if (!png) {
      const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, shapeRendering: 2 });
      const image = resvg.render();
      if (image.width !== size || image.height !== size) throw new Error(`rendered ${image.width}x${image.height}`);
      png = image.asPng();
      image.free();
      resvg.free();
      cache.set(size, png);
    }
    return png;
  };

  await mkdir(join(resources, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) await writeFile(join(resources, 'icons', `${size}x${size}.png`), render(size));
  await writeFile(join(resources, 'icon.png'), render(1024));
  await writeFile(join(resources, 'icon.ico'), buildIco(ICO_SIZES.map((size) => ({ size, png: render(size) }))));
  await writeFile(
    join(resources, 'icon.icns'),
    buildIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: render(size) }))),
  );
  console.log(`icons: ${LINUX_SIZES.length} PNGs, icon.png, icon.ico, icon.icns written to ${resources}`);
}

await main();
