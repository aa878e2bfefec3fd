#!/usr/bin/env node
'use strict';
/**
 * Draws the add-in's icons — a rounded teal square with a white "C" — as PNG files in assets/
 * (16, 32, 64, 80 and 128 px), with nothing but Node's zlib. The icons are committed; run this
 * again (`node scripts/make-icons.js`) only to change them.
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZES = [16, 32, 64, 80, 128];
const BACKGROUND = [0x1f, 0x6f, 0x5c]; // teal
const FOREGROUND = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4;

// CRC-32 as PNG chunks need it.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Coverage (0..1) of the sample point (x, y) in unit coordinates (0..1 across the icon). */
function shapeAt(x, y) {
  // Rounded square: corner radius 18% of the side.
  const r = 0.18;
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  const inSquare = dx * dx + dy * dy <= r * r;
  if (!inSquare) return 'none';
  // The "C": a ring centred in the square, open on the right (±40°).
  const cx = x - 0.5;
  const cy = y - 0.5;
  const d = Math.hypot(cx, cy);
  const angle = Math.abs(Math.atan2(cy, cx)) * (180 / Math.PI);
  const inRing = d >= 0.2 && d <= 0.34 && angle >= 40;
  return inRing ? 'fg' : 'bg';
}

function drawIcon(size) {
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let px = 0; px < size; px++) {
      let fg = 0;
      let bg = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const s = shapeAt((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size);
          if (s === 'fg') fg++;
          else if (s === 'bg') bg++;
        }
      }
      const total = SUPERSAMPLE * SUPERSAMPLE;
      const covered = fg + bg;
      const o = 1 + px * 4;
      if (covered === 0) continue; // transparent
      for (let i = 0; i < 3; i++) row[o + i] = Math.round((FOREGROUND[i] * fg + BACKGROUND[i] * bg) / covered);
      row[o + 3] = Math.round((255 * covered) / total);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = path.join(__dirname, '..', 'assets');
fs.mkdirSync(out, { recursive: true });
for (const size of SIZES) {
  const file = path.join(out, `icon-${size}.png`);
  fs.writeFileSync(file, drawIcon(size));
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
