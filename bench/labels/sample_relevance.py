"""How the blind relevance sets from the third on (``"batch": 3`` and later in relevance_blind.jsonl)
are drawn, by their reader, before any label: 70 attack hits, 40 presence hits, 25 near misses and
25 random Middle East and international articles, with ``random.Random(SEED)``, leaving out every
article already labelled in a set of bench/labels at the time (EXCLUDE_IDS: one corpus id a line).
Batch 3 is the default seed 1717, batch 4 is ``--seed 1818``.

Usage: python bench/labels/sample_relevance.py [--seed N] ANT.jsonl EXCLUDE_IDS OUT.jsonl
"""
import argparse, json, re, random
ap = argparse.ArgumentParser(description='Draw a blind relevance sample from the ANT corpus.')
ap.add_argument('--seed', type=int, default=1717, help='random seed (1717: batch 3, 1818: batch 4)')
ap.add_argument('ant', metavar='ANT.jsonl')
ap.add_argument('exclude_ids', metavar='EXCLUDE_IDS')
ap.add_argument('out', metavar='OUT.jsonl')
args = ap.parse_args()
ANT, EXCLUDE_IDS, OUT = args.ant, args.exclude_ids, args.out
rng = random.Random(args.seed)
excl = set(l.strip() for l in open(EXCLUDE_IDS) if l.strip())

def norm(s):
    s = re.sub('[\u064B-\u0652\u0640\u0670]', '', s or '')
    s = re.sub('[أإآٱ]', 'ا', s)
    s = s.replace('ة', 'ه').replace('ى', 'ي').replace('ؤ', 'و').replace('ئ', 'ي')
    return s

PRE = r'(?:^|(?<=[^\w]))(?:و|ف|ب|ل|ك|وب|ول|وك|فب|فل)?'
def term(w, suffix=False):
    w = norm(w)
    alts = [re.escape(w).replace('\\ ', r'\s+')]
    if w.startswith('ال'):
        alts.append(re.escape('ل' + w[2:]).replace('\\ ', r'\s+'))  # لل + word (للتحالف)
    suf = r'(?:ا|ه|ها|هم|ات|ين|ان|ي|يه)?' if suffix else ''
    return '(?:' + '|'.join(alts) + ')' + suf + r'(?=$|[^\w])'

def rx(words, suffix=False):
    # whole-word match on the normalized text, allowing one-letter clitics before the word
    return re.compile(PRE + '(?:' + '|'.join(term(w, suffix) for w in words) + ')')

US = rx(['التحالف الدولي', 'قوات التحالف', 'القوات الامريكيه', 'القوات الاميركيه', 'الامريكي', 'الاميركي',
         'امريكيه', 'اميركيه', 'واشنطن', 'البنتاغون', 'البنتاجون', 'الجيش الامريكي', 'الجيش الاميركي'], suffix=True)
ATT = rx(['هجوم', 'استهداف', 'قصف', 'صاروخ', 'صواريخ', 'قذائف', 'هاون', 'طائره مسيره', 'طائرات مسيره',
          'طائره بدون طيار', 'طائرات بدون طيار', 'عبوه ناسفه', 'عبوات ناسفه', 'كمين', 'اعتداء'], suffix=True)
PLACE = rx(['العراق', 'سوريا', 'سوريه', 'الاردن', 'بغداد', 'دير الزور', 'الرقه', 'منبج', 'التنف', 'الحسكه',
            'عين الاسد', 'اربيل', 'الانبار', 'الموصل', 'كركوك', 'البوكمال', 'الشدادي', 'رميلان', 'القائم'])
FORCES = rx(['التحالف الدولي', 'قوات التحالف', 'القوات الامريكيه', 'القوات الاميركيه', 'الجيش الامريكي',
             'الجيش الاميركي', 'جنود امريكيين', 'جنود اميركيين', 'الجنود الامريكيين', 'الجنود الاميركيين',
             'البنتاغون', 'البنتاجون', 'قوات امريكيه', 'قوات اميركيه', 'القوات الغربيه', 'قوات التحالف الدولي'])
PRES = rx(['انسحاب', 'قاعده', 'قواعد', 'تعزيزات', 'وجود', 'تهديد', 'تهديدات', 'مناورات'], suffix=True)
NEAR = {
    'yemen': rx(['تحالف دعم الشرعيه', 'التحالف العربي', 'التحالف بقياده السعوديه', 'التحالف الذي تقوده السعوديه']),
    'russia': rx(['حميميم', 'طرطوس']),
    'israel': re.compile(norm('اسرائيل') + '.{0,200}(' + norm('غاره') + '|' + norm('قصف') + '|' + norm('غارات') + ').{0,300}' + norm('سوري')),
    'us_elsewhere': re.compile('(' + norm('القوات الامريكيه') + '|' + norm('القوات الاميركيه') + '|' + norm('قاعده') + ').{0,300}(' + norm('افغانستان') + '|' + norm('قطر') + '|' + norm('العديد') + '|' + norm('كوريا') + '|' + norm('اليابان') + ')'),
    'turkey': rx(['غصن الزيتون', 'درع الفرات', 'الجيش التركي', 'القوات التركيه']),
}

arts = []
for l in open(ANT):
    d = json.loads(l)
    if d['corpus_id'] in excl:
        continue
    arts.append(d)
arts.sort(key=lambda d: d['corpus_id'])

g1, g2 = [], []
near = {k: [] for k in NEAR}
pool4 = []
for d in arts:
    t = norm(d['title'] + ' ' + d['text'])
    if US.search(t) and ATT.search(t) and PLACE.search(t):
        g1.append(d)
    elif FORCES.search(t) and PLACE.search(t) and PRES.search(t):
        g2.append(d)
    else:
        for k, r in NEAR.items():
            if r.search(t):
                near[k].append(d)
                break
print('g1', len(g1), 'g2', len(g2), {k: len(v) for k, v in near.items()})

chosen = set()
out = []
def take(pool, n, group):
    pool = [d for d in pool if d['corpus_id'] not in chosen]
    picks = rng.sample(pool, min(n, len(pool)))
    for d in picks:
        chosen.add(d['corpus_id'])
        out.append({'corpus_id': d['corpus_id'], 'sample': group, 'title': d['title'], 'text': d['text']})
    return len(picks)

take(g1, 70, 'attack')
take(g2, 40, 'presence')
# near misses: 5 per sub-kind
for k in NEAR:
    take(near[k], 5, 'near_miss')
cnt_near = sum(1 for o in out if o['sample'] == 'near_miss')
if cnt_near < 25:
    take([d for k in NEAR for d in near[k]], 25 - cnt_near, 'near_miss')
pool4 = [d for d in arts if d['category'] in ('middleEast', 'internationalNews')]
take(pool4, 25, 'random')
with open(OUT, 'w') as f:
    for o in out:
        f.write(json.dumps(o, ensure_ascii=False) + '\n')
print(len(out))
