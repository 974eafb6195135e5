import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Reads the brand colours from src/index.css and checks WCAG 2.1 AA contrast (4.5:1).
const css = readFileSync(join(import.meta.dirname, 'index.css'), 'utf8');
const colours = Object.fromEntries([...css.matchAll(/--color-([a-z]+-\d+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('brand colours', () => {
  it('define the dark red #8B1A1A as brand-700 with a full tint scale', () => {
    expect(colours['brand-700']?.toLowerCase()).toBe('#8b1a1a');
    for (const step of [50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950]) expect(colours[`brand-${step}`]).toBeDefined();
  });

  it.each([
    ['#ffffff', 'brand-700', 'white text on the primary button'],
    ['#ffffff', 'brand-800', 'white text on the hovered button'],
    ['#ffffff', 'brand-600', 'white text on brand-600'],
    ['brand-700', '#ffffff', 'links on white'],
    ['brand-800', 'brand-50', 'brand text on a light tint'],
    ['brand-100', 'brand-700', 'secondary text on the brand panel'],
    ['danger-800', 'danger-50', 'error text in its box'],
    ['danger-700', '#ffffff', 'field error text on white'],
    ['success-800', 'success-50', 'confirmation text in its box'],
  ])('%s on %s (%s) reaches 4.5:1', (fg, bg) => {
    const f = fg.startsWith('#') ? fg : colours[fg];
    const b = bg.startsWith('#') ? bg : colours[bg];
    expect(contrast(f, b)).toBeGreaterThanOrEqual(4.5);
  });
});
