// Writes the pinyin initials of every CJK character that pinyin-pro knows:
// one line per character, "<code point> <initials of each reading, most common first>",
// e.g. "38271 cz" for 长 (cháng, zhǎng). GridGov reads it to index names for
// searches like "wml" → 文庙路社区.
// Usage: node scripts/gen-pinyin-table.mjs OUT_FILE   (run from third_party/npm's parent)
import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(join(here, '..', 'third_party', 'npm', 'package.json'))
const { pinyin } = require('pinyin-pro')

const out = process.argv[2]
if (!out) { console.error('usage: gen-pinyin-table.mjs OUT_FILE'); process.exit(2) }
const ranges = [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]]
const lines = []
for (const [lo, hi] of ranges) {
  for (let cp = lo; cp <= hi; cp++) {
    const ch = String.fromCodePoint(cp)
    const readings = pinyin(ch, { pattern: 'first', toneType: 'none', multiple: true, type: 'array' })
    const initials = [...new Set(readings.map((r) => r.toLowerCase()).filter((r) => /^[a-z]$/.test(r)))]
    if (initials.length) lines.push(`${cp} ${initials.join('')}`)
  }
}
writeFileSync(out, lines.join('\n') + '\n')
console.log(`pinyin table: ${lines.length} characters → ${out}`)
