#!/usr/bin/env node
// Writes a generated Jekyll-style Korean news site, for the tests that need a
// large site (test/helpers/site.ts genCorpus, test/watch.e2e.test.ts):
//
//   node scripts/gen-corpus.mjs --posts N --out DIR [--seed S]
//
// or, from code, generateCorpus({ posts, out, seed }).
//
// What it writes:
// - _config.yml: title, description, url, baseurl, lang ko-KR, timezone
//   Asia/Seoul, permalink: pretty, paginate: 10.
// - _posts/YYYY-MM-DD-<n>.md for n = 1 … N: the slug is the post's number, so
//   a test can name a post (_posts/2022-01-05-5.md is the fifth). Dates start
//   on 2022-01-01, one day after another, as many posts a day as it takes to
//   stay within 1,000 days (one a day up to 1,000 posts, two up to 2,000 …);
//   the `date:` in the front matter is that day, at a time that grows with n.
// - Front matter as the sites gazette is for write it: a single-quoted
//   `title:` on line 2 (news headline: Korean words, commas, typographic
//   quotes, never ' " & < > # or :), `date:`, a `categories:` block list, the
//   folded `excerpt: >` and `feature_text: >` (a `##` line, then the
//   excerpt), `image:` one of the SVGs below.
// - Bodies: about 70 % HTML as pasted from a blog editor (an image, an <h2>,
//   paragraphs separated by `<p data-ke-size="size16">&nbsp;</p>` spacers,
//   bold runs of coloured inline-styled spans, sometimes a bordered table
//   with styled cells, a closing link line), the rest Markdown (headings,
//   bold, lists, a quote, sometimes a pipe table, a link).
// - Categories: a few big ones take most posts, then a long tail of small
//   ones (Korean and English names, one with a space); about one post in
//   six has a second category.
// - assets/img/*.svg: the images the posts use.
//
// Same --posts and --seed: the same bytes. Post n's text depends only on the
// seed and n, so a small corpus is the start of a larger one (but for the
// dates, which depend on N). No dependencies.
import { mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const USAGE = 'usage: node scripts/gen-corpus.mjs --posts N --out DIR [--seed S]';

const FIRST_DAY = Date.UTC(2022, 0, 1);
const DAY_MS = 86_400_000;
const MAX_DAYS = 1000;

// ---------------------------------------------------------------------------
// Random numbers: SplitMix32 to spread a seed, then one SFC32 stream per post.

function splitmix32(value) {
  let z = (value + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A random stream for (seed, stream): `next()` in [0, 1), and helpers. */
function randomStream(seed, stream) {
  let a = splitmix32(seed ^ 0x5eed);
  let b = splitmix32(a ^ stream);
  let c = splitmix32(b + stream * 0x27d4eb2d);
  let d = 1;
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const below = (n) => Math.floor(next() * n);
  return {
    next,
    below,
    /** An integer in [min, max]. */
    between: (min, max) => min + below(max - min + 1),
    chance: (p) => next() < p,
    pick: (list) => list[below(list.length)],
  };
}

// ---------------------------------------------------------------------------
// Categories: weight = how many posts in a hundred (roughly) carry it first.

const CATEGORY_WEIGHTS = [
  ['News', 26],
  ['경제', 14],
  ['사회', 10],
  ['정치', 7],
  ['연예', 5],
  ['IT', 2],
  ['부동산', 2],
  ['스포츠', 2],
  ['건강', 2],
  ['국제', 2],
  ['Tech News', 1],
  ['World', 1],
  ['교육', 1],
  ['환경', 1],
  ['문화', 1],
  ['과학', 1],
  ['금융', 1],
  ['보건', 1],
  ['법률', 1],
  ['고용', 1],
  ['교통', 1],
  ['여행', 1],
  ['요리', 1],
  ['영화', 1],
  ['음악', 1],
  ['공연', 1],
  ['미술', 1],
  ['육아', 1],
  ['반려동물', 1],
  ['방송', 1],
  ['날씨', 1],
  ['지역', 1],
  ['인물', 1],
  ['칼럼', 1],
];
const CATEGORY_TOTAL = CATEGORY_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);

function drawCategory(rng) {
  let left = rng.below(CATEGORY_TOTAL);
  for (const [name, weight] of CATEGORY_WEIGHTS) {
    if (left < weight) return name;
    left -= weight;
  }
  return CATEGORY_WEIGHTS[0][0];
}

// ---------------------------------------------------------------------------
// Korean news text: sentences from phrase lists, with the particle that fits
// the noun before it (은/는, 이/가, 을/를 depend on its last syllable's final
// consonant).

const AGENTS = [
  '정부',
  '국방부',
  '기획재정부',
  '한국은행',
  '서울시',
  '부산시',
  '보건복지부',
  '교육부',
  '금융위원회',
  '국토교통부',
  '환경부',
  '고용노동부',
  '국회',
  '여당',
  '야당',
  '경찰청',
  '소방청',
  '대통령실',
  '질병관리청',
  '통계청',
  '한국소비자원',
  '업계',
  '전문가들',
  '시민단체',
  '연구진',
  '주민들',
  '지방자치단체',
  '산업통상자원부',
  '문화체육관광부',
  '중소벤처기업부',
];
/** Those that have a spokesperson (관계자). */
const OFFICES = AGENTS.filter((agent) => !['업계', '전문가들', '주민들', '연구진'].includes(agent));
const TOPICS = [
  '금리 인상',
  '물가 안정 대책',
  '청년 일자리 지원',
  '부동산 규제 완화',
  '의료 인력 확충',
  '전기차 보조금',
  '반도체 수출',
  '탄소 중립 계획',
  '저출산 대책',
  '디지털 교육',
  '공공요금 조정',
  '안전 점검',
  '국방 협력',
  '관광 활성화',
  '소상공인 지원',
  '노후 주택 정비',
  '교통 혼잡 해소',
  '감염병 대응',
  '인공지능 규제',
  '수출 실적',
  '내년도 예산안',
  '연금 개혁',
  '미세먼지 저감',
  '재난 대비 훈련',
  '지역 축제',
  '신작 영화 개봉',
  '음원 차트',
  '국가대표 평가전',
  '반려동물 등록제',
  '전세 사기 예방',
  '의대 정원',
  '출산 장려금',
  '기후 적응 대책',
  '농산물 가격',
  '해외 직구 규제',
  '데이터센터 유치',
  '한일 국방교류',
  '수색구조훈련',
];
const ADVERBIALS = [
  '올해 하반기부터',
  '이번 회의에서',
  '지난주',
  '다음 달까지',
  '전국적으로',
  '처음으로',
  '15년 만에',
  '예정보다 빠르게',
  '내년 상반기에',
  '현장에서',
  '단계적으로',
  '적극적으로',
  '오는 3월부터',
  '긴급하게',
  '관계 부처와 함께',
  '시범 사업으로',
];
/** When something will be done. */
const PLANS = ['다음 달까지', '단계적으로', '적극적으로', '오는 3월부터', '내년 상반기에', '시범 사업으로', '관계 부처와 함께', '올해 안에'];
const ACTIONS = [
  '발표했습니다',
  '추진할 예정입니다',
  '강화하기로 했습니다',
  '검토하고 있습니다',
  '논의했습니다',
  '확대한다고 밝혔습니다',
  '재확인했습니다',
  '촉구했습니다',
  '약속했습니다',
  '점검했습니다',
  '마련했습니다',
  '공개했습니다',
  '보완하기로 합의했습니다',
  '본격화합니다',
];
const STATES = [
  '크게 늘어났습니다',
  '다소 줄었습니다',
  '주목받고 있습니다',
  '시급한 과제로 떠올랐습니다',
  '새로운 전환점을 맞았습니다',
  '속도를 내고 있습니다',
  '논란이 되고 있습니다',
  '기대를 모으고 있습니다',
  '난항을 겪고 있습니다',
  '안정세를 보이고 있습니다',
];
const COMMENTS = [
  '이는 시민들의 일상에 직접적인 영향을 미칠 것으로 보입니다',
  '전문가들은 장기적인 관점의 접근이 필요하다고 강조합니다',
  '앞으로의 진행 상황을 더욱 면밀히 지켜볼 필요가 있습니다',
  '관련 기관의 긴밀한 협력이 무엇보다 중요합니다',
  '현장의 목소리를 반영한 세부 계획이 뒤따라야 합니다',
  '이번 조치는 신뢰 회복의 첫걸음으로 평가됩니다',
  '구체적인 일정은 다음 주에 공개될 예정입니다',
];
const LEADS = ['특히, ', '또한, ', '한편, ', '이에 따라 ', '다만, ', '이와 함께 ', ''];
const TITLE_ENDINGS = ['본격 추진', '확대 발표', '전격 합의', '재개', '논란', '성사!', '첫 공개', '대폭 강화', '속도', '재검토', '마무리', '시동'];
const PLACES = ['서울', '부산', '인천', '대구', '광주', '대전', '제주', '세종', '도쿄', '워싱턴'];

/** Whether the last syllable of `word` has a final consonant (받침). */
function hasFinal(word) {
  const code = word.charCodeAt(word.length - 1);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 !== 0;
  return /[0-9LMNRlmnr]$/.test(word);
}
const topic = (noun) => noun + (hasFinal(noun) ? '은' : '는');
const subject = (noun) => noun + (hasFinal(noun) ? '이' : '가');
const object = (noun) => noun + (hasFinal(noun) ? '을' : '를');

function makeWriter(rng) {
  const sentence = () => {
    switch (rng.below(6)) {
      case 0:
      case 1:
        return `${rng.pick(LEADS)}${topic(rng.pick(AGENTS))} ${rng.pick(ADVERBIALS)} ${object(rng.pick(TOPICS))} ${rng.pick(ACTIONS)}.`;
      case 2:
        return `${rng.pick(LEADS)}${subject(rng.pick(TOPICS))} ${rng.pick(STATES)}.`;
      case 3:
        return `${rng.pick(OFFICES)} 관계자는 “${object(rng.pick(TOPICS))} ${rng.pick(PLANS)} 추진하겠다”고 말했습니다.`;
      case 4: {
        const rise = rng.chance(0.6);
        return `${rng.pick(TOPICS)} 규모는 ${rng.between(2, 980)}억 원으로, 전년보다 ${rng.between(1, 35)}.${rng.below(10)}% ${rise ? '늘었습니다' : '줄었습니다'}.`;
      }
      default:
        return `${rng.pick(COMMENTS)}${rng.pick(['.', '.', '!'])}`;
    }
  };
  const sentences = (min, max) => Array.from({ length: rng.between(min, max) }, sentence).join(' ');
  const title = () => {
    switch (rng.below(4)) {
      case 0:
        return `${rng.pick(AGENTS)}, ${rng.pick(TOPICS)} ${rng.pick(TITLE_ENDINGS)}`;
      case 1:
        return `‘${rng.pick(TOPICS)}’ ${rng.pick(PLACES)}에서 ${rng.pick(TITLE_ENDINGS)}`;
      case 2:
        return `${rng.pick(PLACES)} ${rng.pick(TOPICS)} ${rng.pick(TITLE_ENDINGS)}`;
      default:
        return `${subject(rng.pick(TOPICS))} ${rng.pick(STATES).replace(/습니다$/, '다')}`;
    }
  };
  /** A sentence with a bold phrase in it, as the editors write them. */
  const emphasised = () =>
    `${topic(rng.pick(AGENTS))} <b>${rng.pick(TOPICS)}</b>의 ${rng.pick(['필요성을 강조했습니다', '중요성을 재확인했습니다', '성과를 점검했습니다', '세부 계획을 설명했습니다'])}.`;
  return { sentence, sentences, emphasised, title, phrase: () => rng.pick(TOPICS) };
}

// ---------------------------------------------------------------------------
// Bodies.

const IMAGES = [
  { name: 'breaking.svg', fill: '#1a5490', label: '속보' },
  { name: 'economy.svg', fill: '#2e7d32', label: '경제' },
  { name: 'society.svg', fill: '#6a1b9a', label: '사회' },
  { name: 'politics.svg', fill: '#b71c1c', label: '정치' },
  { name: 'culture.svg', fill: '#ef6c00', label: '문화' },
  { name: 'photo.svg', fill: '#455a64', label: '사진' },
];
const SPAN_STYLES = ['color: #ee2323;', 'background-color: #21538527;', 'color: #1a5490;', 'color: #009a87;'];
const CELL = 'border: 1px solid #dddddd; padding: 5px;';

function htmlTable(rng, write) {
  const rows = [
    `<tr>\n<td style="width: 30%; ${CELL} background-color: #f6f6f6; text-align: center;"><b>구분</b></td>\n<td style="width: 70%; ${CELL} background-color: #f6f6f6; text-align: center;"><b>내용</b></td>\n</tr>`,
  ];
  for (let r = rng.between(2, 4); r > 0; r--) {
    rows.push(`<tr>\n<td style="width: 30%; ${CELL}">${write.phrase()}</td>\n<td style="width: 70%; ${CELL}">${write.sentence()}</td>\n</tr>`);
  }
  return `<table style="border-collapse: collapse; width: 100%;" border="1" data-ke-align="alignLeft" data-ke-style="style12">\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function htmlBody(rng, write, image) {
  const styled = () => `<b><span style="${rng.pick(SPAN_STYLES)}">${write.sentence()}</span></b>`;
  const parts = [`<p><img src="/assets/img/${image.name}" alt="${image.label}" /></p>`, `<h2 data-ke-size="size26">${write.title()}</h2>`];
  for (let section = rng.between(5, 8); section > 0; section--) {
    parts.push('<p data-ke-size="size16">&nbsp;</p>');
    if (rng.chance(0.15)) parts.push(`<h3 data-ke-size="size23">${write.phrase()}</h3>`);
    const pieces = [write.sentences(1, 2), styled(), write.sentence(), write.emphasised(), styled(), write.sentence()];
    if (rng.chance(0.5)) pieces.push(styled());
    parts.push(`<p>${pieces.join(' ')}</p>`);
    if (rng.chance(0.045)) parts.push(htmlTable(rng, write));
  }
  parts.push('실시간 뉴스 속보는, <a href="https://news.example.com" rel="dofollow">https://news.example.com</a>');
  return parts.join('\n\n');
}

function markdownBody(rng, write, image, n) {
  const parts = [`## ${write.title()}`, `![${image.label}](/assets/img/${image.name})`];
  for (let section = rng.between(5, 8); section > 0; section--) {
    parts.push(`${write.sentences(1, 3)} **${write.phrase()}** ${write.sentences(1, 2)}`);
    if (rng.chance(0.12)) parts.push(`### ${write.phrase()}`);
  }
  if (rng.chance(0.35)) parts.push(Array.from({ length: rng.between(2, 4) }, () => `- **${write.phrase()}**: ${write.sentence()}`).join('\n'));
  if (rng.chance(0.2)) parts.push(`> ${write.sentence()}`);
  if (rng.chance(0.1)) {
    const rows = Array.from({ length: rng.between(2, 3) }, () => `| ${write.phrase()} | ${rng.between(1, 99)}% |`);
    parts.push(['| 항목 | 비율 |', '| --- | ---: |', ...rows].join('\n'));
  }
  parts.push(`자세한 내용은 [원문](https://news.example.com/articles/${n})에서 확인할 수 있습니다.`);
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------
// Files.

const yamlSingleQuoted = (text) => `'${text.replaceAll("'", "''")}'`;
const pad = (value) => String(value).padStart(2, '0');

function configYaml() {
  return [
    'title: "가제트 뉴스"',
    'description: "오늘의 실시간 뉴스 속보"',
    'url: "https://news.example.com"',
    'baseurl: ""',
    'lang: ko-KR',
    'timezone: Asia/Seoul',
    'permalink: pretty',
    'paginate: 10',
    '',
  ].join('\n');
}

function svg({ fill, label }) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360"><rect width="640" height="360" fill="${fill}"/><text x="320" y="200" font-size="72" text-anchor="middle" fill="#ffffff">${label}</text></svg>\n`;
}

/** Post n (1-based) of `posts`: its file name and text. */
function post(seed, n, posts) {
  const rng = randomStream(seed, n);
  const write = makeWriter(rng);
  const perDay = Math.ceil(posts / MAX_DAYS);
  const slot = (n - 1) % perDay;
  const day = new Date(FIRST_DAY + Math.floor((n - 1) / perDay) * DAY_MS).toISOString().slice(0, 10);
  // Between 06:00 and 23:59 Seoul time, later for later posts of the same day.
  const minutes = 6 * 60 + Math.floor((slot * 18 * 60) / perDay) + rng.below(Math.max(1, Math.floor((18 * 60) / perDay)));
  const date = `${day} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:${pad(rng.below(60))} +0900`;

  const categories = [drawCategory(rng)];
  if (rng.chance(0.17)) {
    const second = drawCategory(rng);
    if (second !== categories[0]) categories.push(second);
  }
  const image = rng.chance(0.5) ? IMAGES[0] : rng.pick(IMAGES);
  const summary = write.sentences(2, 2);
  const front = [
    '---',
    `title: ${yamlSingleQuoted(write.title())}`,
    `date: ${date}`,
    'categories:',
    ...categories.map((name) => `  - ${name}`),
    'excerpt: >',
    `  ${summary}`,
    'feature_text: >',
    '  ## 실시간 뉴스 속보입니다.',
    '',
    `  ${summary}`,
    `image: '/assets/img/${image.name}'`,
    '---',
    '',
  ].join('\n');
  const html = rng.chance(0.7);
  const body = html ? htmlBody(rng, write, image) : markdownBody(rng, write, image, n);
  return { name: `${day}-${n}.md`, text: `${front}\n${body}\n`, html, categories };
}

/** Throws a RangeError naming the problem; the CLI prints it with the usage line. */
function checkOptions({ posts, out, seed = 1 }) {
  if (!Number.isSafeInteger(posts) || posts < 1) throw new RangeError(`--posts must be a whole number of at least 1, not ${JSON.stringify(posts)}`);
  if (typeof out !== 'string' || out === '') throw new RangeError('--out DIR is required');
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new RangeError(`--seed must be a whole number from 0 to 4294967295, not ${JSON.stringify(seed)}`);
  return { posts, out: resolve(out), seed };
}

/**
 * Writes the site into `out` (made if missing; its `_posts/` must be empty or
 * absent, so that the folder holds exactly this corpus). Returns what it wrote.
 * @param {{ posts: number, out: string, seed?: number }} options
 * @returns {{ out: string, posts: string[], html: number, markdown: number, categories: Record<string, number> }}
 */
export function generateCorpus(options) {
  const { posts, out, seed } = checkOptions(options);
  const postsDir = join(out, '_posts');
  mkdirSync(postsDir, { recursive: true });
  if (readdirSync(postsDir).length > 0) throw new Error(`${postsDir} is not empty: give gen-corpus a new or empty folder`);
  mkdirSync(join(out, 'assets', 'img'), { recursive: true });
  writeFileSync(join(out, '_config.yml'), configYaml());
  for (const image of IMAGES) writeFileSync(join(out, 'assets', 'img', image.name), svg(image));

  const names = [];
  const categories = {};
  let html = 0;
  for (let n = 1; n <= posts; n++) {
    const written = post(seed, n, posts);
    writeFileSync(join(postsDir, written.name), written.text);
    names.push(`_posts/${written.name}`);
    if (written.html) html++;
    for (const name of written.categories) categories[name] = (categories[name] ?? 0) + 1;
  }
  return { out, posts: names, html, markdown: posts - html, categories };
}

/** `--name value` pairs; anything else is a usage error. */
function parseArgs(argv) {
  const values = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return { help: true };
    const name = /^--(posts|out|seed)$/.exec(flag)?.[1];
    if (name === undefined) throw new RangeError(`unknown argument ${JSON.stringify(flag)}`);
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new RangeError(`${flag} needs a value`);
    values[name] = value;
  }
  const number = (text) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : text);
  return { posts: number(values.posts), out: values.out, seed: values.seed === undefined ? 1 : number(values.seed) };
}

function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    checkOptions(options);
  } catch (cause) {
    console.error(`gen-corpus: ${cause.message}\n${USAGE}`);
    return 2;
  }
  try {
    const result = generateCorpus(options);
    const top = Object.entries(result.categories)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, count]) => `${name} ${count}`);
    console.log(
      `wrote ${result.posts.length} posts (${result.html} HTML, ${result.markdown} Markdown; ${Object.keys(result.categories).length} categories, most: ${top.join(', ')}) to ${join(result.out, '_posts')}`,
    );
    return 0;
  } catch (cause) {
    console.error(`gen-corpus: ${cause.message}`);
    return 1;
  }
}

/** Whether this file is the script node was started with (not imported). */
function isMain() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) process.exitCode = main(process.argv.slice(2));
