import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../lib/atomic-file';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface DisplayArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

const boundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
});

export const DEFAULT_BOUNDS: WindowBounds = { width: 1440, height: 900 };

/** Saved bounds are used only if the window would still be visible on one of today's displays. */
export function fitBounds(saved: WindowBounds | null, displays: DisplayArea[]): WindowBounds {
  if (!saved) return DEFAULT_BOUNDS;
  if (saved.x === undefined || saved.y === undefined) return { width: saved.width, height: saved.height };
  const { x, y } = saved;
  const visible = displays.some(
    (d) => x + 100 > d.x && y + 50 > d.y && x < d.x + d.width - 100 && y < d.y + d.height - 50,
  );
  return visible ? saved : { width: saved.width, height: saved.height };
}

export async function loadBounds(dir: string): Promise<WindowBounds | null> {
  try {
    const parsed = boundsSchema.safeParse(JSON.parse(await readFile(join(dir, 'window.json'), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveBounds(dir: string, bounds: WindowBounds): Promise<void> {
  return writeFileAtomic(join(dir, 'window.json'), JSON.stringify(bounds));
}
