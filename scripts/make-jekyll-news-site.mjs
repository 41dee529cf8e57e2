#!/usr/bin/env node
// Writes a deterministic Jekyll 4 news site shaped like the ones gazette's users move over, for
// scripts/compare-jekyll.mjs:
//   node scripts/make-jekyll-news-site.mjs --posts 2000 --out /tmp/news-2000 [--seed 1]
// What it holds, as the real sites do:
// - _config.yml: permalink: pretty, paginate: 2, paginate_path: blog/page:num, jekyll-paginate,
//   jekyll-feed, jekyll-sitemap, jekyll-seo-tag; a default layout for posts.
// - _posts/YYYY-MM-DD-<id>.md (several a day, numeric ids; a few in news/_posts/ as .html): Korean
//   front matter (title, categories, excerpt: >, feature_text: >, image) and HTML bodies in .md
//   files: <h2 data-ke-size="size26"> followed directly by a **bold** Markdown line, &nbsp;
//   spacer paragraphs, coloured spans, bordered tables with styled cells and header rows (some
//   followed directly by a **bold** line), **…** inside <p> (literal for kramdown), a <span> line
//   with **bold**; titles with " and &; a category with a space (Tech News); some Markdown bodies.
// - Posts whose front matter Jekyll cannot read: a lone \r inside a folded excerpt, and an
//   unquoted title with a quote in the middle (title: '임영웅'의 공개!).
// - Pages: blog/index.html (layout: blog, the paginator's template), index.md looping over
//   site.posts, 404.md and search.md with {% include %}, offline.md and thanks.md with
//   sitemap: false, about.md; rss.xml and assets/search.json with Liquid; assets/manifest.json
//   (permalink: /manifest.json); assets/scripts/sw.js (permalink: /sw.js); assets/styles.scss
//   importing _sass/_base.scss; _data/nav.yml; _layouts/ default (seo, feed_meta), blog, post.
// Same --posts and --seed: same bytes. No dependencies.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const USAGE = 'usage: make-jekyll-news-site.mjs --posts N --out DIR [--seed S]';

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) args[argv[i].slice(2)] = argv[++i];
  }
  const posts = Number(args.posts ?? 300);
  if (!args.out || !Number.isInteger(posts) || posts < 1) {
    console.error(USAGE);
    process.exit(2);
  }
  return { posts, out: args.out, seed: Number(args.seed ?? 1) };
}

// mulberry32: small, fast, deterministic
function makeRandom(seed) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(random() * n);
  const pick = (list) => list[int(list.length)];
  return { random, int, pick };
}

const CATEGORIES = ['News', '경제', '사회', '연예인', '정치', '보건', 'IT', '스포츠', '부동산', '생활', 'Tech News'];
const SYLLABLES =
  '이다는에의가을하고지기로서한사인리있자대도정수일해시부어으를나국여적전원장그게아라마제들구것보년과상만위동주생면화성경계관신방중공문소연세니회업무비실행모분교통금융산개발당선거치법안결투자시장가격증감률통령부처청군민간협력기술연구학';
const PARTICLES = ['은', '는', '이', '가', '을', '를', '의', '에', '에서', '으로', '와', '도'];
const SINGERS = ['임영웅', '아이유', '뉴진스', '손흥민', '김연아'];

function makeText(rng) {
  const vocabulary = Array.from({ length: 4000 }, () => {
    let w = '';
    for (let i = 1 + rng.int(3); i > 0; i--) w += rng.pick(SYLLABLES);
    return w;
  });
  const word = () => rng.pick(vocabulary) + (rng.random() < 0.35 ? rng.pick(PARTICLES) : '');
  const sentence = (min = 6, spread = 8) => {
    const words = [];
    for (let i = min + rng.int(spread); i > 0; i--) words.push(rng.random() < 0.05 ? rng.pick(['AI', '2024년', 'GDP']) : word());
    return words.join(' ') + rng.pick(['.', '.', '.', '!', '?']);
  };
  return { word, sentence };
}

const CELL = 'width: 50%; border: 1px solid #dddddd; padding: 5px;';
const CELL_TALL = 'width: 50%; border: 1px solid #dddddd; padding: 5px; height: 25px;';

function tableHtml(rng, text) {
  const rows = [];
  if (rng.random() < 0.4) {
    rows.push(`<tr style="height: 20px;">\n<th style="${CELL} background-color: #f6f6f6;">구분</th>\n<th style="${CELL}">내용</th>\n</tr>`);
  }
  for (let r = 2 + rng.int(3); r > 0; r--) {
    const style = rng.random() < 0.3 ? CELL_TALL : CELL;
    rows.push(`<tr>\n<td style="${style}">${text.word()}</td>\n<td style="${CELL}">${text.sentence(2, 3)}</td>\n</tr>`);
  }
  return `<table style="border-collapse: collapse; width: 100%;" border="1" data-ke-align="alignLeft">\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

// HTML pasted from a blog editor into a .md file: kramdown ends the <h2> block at its close tag,
// so the next line's **bold** is Markdown.
function htmlBody(rng, text) {
  const parts = ['<p><img src="/assets/img/share.png" alt="속보" /></p>', `<h2 data-ke-size="size26">${text.sentence(3, 3)}</h2>\n**${text.sentence(3, 4)}**`];
  for (let i = 4 + rng.int(4); i > 0; i--) {
    parts.push('<p data-ke-size="size16">&nbsp;</p>');
    parts.push(`<p>${text.sentence()} <b><span style="color: #ee2323;">${text.sentence()}</span></b> ${text.sentence()}</p>`);
    if (rng.random() < 0.25) parts.push(tableHtml(rng, text) + (rng.random() < 0.5 ? `\n**${text.sentence(2, 3)}**` : ''));
    if (rng.random() < 0.15) parts.push(`<p data-ke-size="size16">**${text.word()}** ${text.sentence()}</p>`);
    if (rng.random() < 0.15) parts.push(`<span style="color: #ee2323;">속보</span> **${text.word()}** ${text.sentence()}`);
  }
  parts.push('실시간 뉴스 속보는, <a href="https://example.com/news" rel="dofollow">https://example.com/news</a>');
  return parts.join('\n');
}

function markdownBody(rng, text) {
  const parts = [`## ${text.sentence(2, 3)}`, '![속보](/assets/img/share.png)'];
  for (let i = 3 + rng.int(4); i > 0; i--) parts.push(`${text.sentence()} **${text.word()}** ${text.sentence()}`);
  parts.push(`- ${text.sentence()}\n- **${text.word()}** ${text.sentence()}`);
  return parts.join('\n\n');
}

const yamlQuote = (s) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

// kind: 'ok' | 'cr' (lone \r in the folded excerpt) | 'quote' (unquoted title starting with a quote)
function frontMatter(rng, text, kind, inFolder) {
  const summary = text.sentence(8, 6);
  const title =
    kind === 'quote'
      ? `'${rng.pick(SINGERS)}'의 ${text.word()} 공개!`
      : rng.random() < 0.1
        ? `"${rng.pick(SINGERS)}" & ${text.sentence(2, 3)}`
        : text.sentence(3, 5);
  const cats = [...new Set([rng.pick(CATEGORIES), ...(rng.random() < 0.2 ? [rng.pick(CATEGORIES)] : [])])];
  const lines = ['---', kind === 'quote' ? `title: ${title}` : `title: ${yamlQuote(title)}`];
  if (!inFolder) lines.push('categories:', ...cats.map((c) => `  - ${c}`));
  const excerpt = kind === 'cr' ? `  ${summary}\r  \r${text.sentence()}` : `  ${summary}`;
  lines.push('excerpt: >', excerpt, 'feature_text: >', '  ## 실시간 뉴스 속보입니다.', '', `  ${summary}`);
  lines.push("image: '/assets/img/share.png'", '---', '');
  return lines.join('\n');
}

function brokenKind(index, posts) {
  const every = Math.max(20, Math.floor(posts / 3));
  if (index % every === 7) return 'cr';
  if (index % every === 11) return 'quote';
  return 'ok';
}

function postFiles(posts, rng, text) {
  const files = [];
  let day = Date.UTC(2024, 0, 1);
  let id = 9;
  let leftToday = 2 + rng.int(5);
  for (let i = 0; i < posts; i++) {
    if (leftToday-- === 0) {
      day += 86400000;
      leftToday = 1 + rng.int(5);
    }
    id += 1 + rng.int(3);
    const date = new Date(day).toISOString().slice(0, 10);
    const inFolder = rng.random() < 0.05;
    const kind = brokenKind(i, posts);
    const body = inFolder || rng.random() < 0.75 ? htmlBody(rng, text) : markdownBody(rng, text);
    const path = inFolder ? `news/_posts/${date}-${id}.html` : `_posts/${date}-${id}.md`;
    files.push([path, frontMatter(rng, text, kind, inFolder) + body + '\n']);
  }
  return files;
}

const CONFIG = `# A Jekyll 4 news site, as scripts/make-jekyll-news-site.mjs writes it.
title: 코리아 뉴스
description: 빠르고 정확한 실시간 뉴스
url: https://news.example.com
baseurl: ''
lang: ko-KR
timezone: Asia/Seoul
permalink: pretty
paginate: 2
paginate_path: blog/page:num
plugins:
  - jekyll-paginate
  - jekyll-feed
  - jekyll-sitemap
  - jekyll-seo-tag
defaults:
  - scope:
      path: ''
    values:
      image: /assets/img/share.png
  - scope:
      path: ''
      type: posts
    values:
      layout: post
  - scope:
      path: ''
      type: pages
    values:
      layout: default
exclude:
  - README.md
`;

const SITE_FILES = {
  '_config.yml': CONFIG,
  'README.md': '# 코리아 뉴스\n\nGenerated by make-jekyll-news-site.mjs.\n',
  '_data/nav.yml': '- title: 뉴스\n  url: /news/\n- title: 전체 기사\n  url: /blog/\n- title: 검색\n  url: /search/\n- title: 소개\n  url: /about/\n',
  '_includes/nav.html': '<nav>{% for item in site.data.nav %}<a href="{{ item.url | relative_url }}">{{ item.title }}</a>{% endfor %}</nav>\n',
  '_includes/footer.html': '<footer><p>&copy; {{ site.time | date: "%Y" }} {{ site.title }}</p></footer>\n',
  '_includes/notice.html': '<aside class="notice"><strong>{{ include.message }}</strong></aside>\n',
  '_includes/search-box.html':
    '<form action="{{ "/search/" | relative_url }}"><input type="search" name="q" placeholder="{{ include.placeholder }}"></form>\n<script src="{{ "/assets/search.json" | relative_url }}" type="application/json"></script>\n',
  '_layouts/default.html': `<!doctype html>
<html lang="{{ site.lang }}">
<head>
<meta charset="utf-8">
{% seo %}
{% feed_meta %}
<link rel="stylesheet" href="{{ '/assets/styles.css' | relative_url }}">
<link rel="manifest" href="{{ '/manifest.json' | relative_url }}">
</head>
<body>
{% include nav.html %}
<main>{{ content }}</main>
{% include footer.html %}
</body>
</html>
`,
  '_layouts/post.html': `---
layout: default
---
<article>
<h1>{{ page.title }}</h1>
<time datetime="{{ page.date | date_to_xmlschema }}">{{ page.date | date: "%Y-%m-%d" }}</time>
{{ content }}
</article>
`,
  '_layouts/blog.html': `---
layout: default
---
<h1>{{ page.title }}</h1>
{{ content }}
<nav class="pagination">
{% if paginator.previous_page %}<a href="{{ paginator.previous_page_path | relative_url }}">이전</a>{% endif %}
<span>{{ paginator.page }} / {{ paginator.total_pages }}</span>
{% if paginator.next_page %}<a href="{{ paginator.next_page_path | relative_url }}">다음</a>{% endif %}
</nav>
`,
  '_sass/_base.scss': '$accent: #ee2323;\n\nbody {\n  margin: 0;\n  font-family: sans-serif;\n}\n',
  'assets/styles.scss': '---\n---\n@import "base";\n\n.notice {\n  strong { color: $accent; }\n}\n',
  'assets/img/share.png': '',
  'assets/manifest.json':
    '---\npermalink: /manifest.json\nlayout: null\n---\n{"name": {{ site.title | jsonify }}, "start_url": "{{ "/" | relative_url }}", "display": "standalone"}\n',
  'assets/scripts/sw.js':
    "---\npermalink: /sw.js\nlayout: null\n---\nconst CACHE = 'news-{{ site.time | date: \"%Y\" }}';\nself.addEventListener('install', () => self.skipWaiting());\n",
  'assets/search.json':
    '---\nlayout: null\n---\n[{% for post in site.posts %}{"title": {{ post.title | jsonify }}, "url": {{ post.url | relative_url | jsonify }}, "date": {{ post.date | date_to_xmlschema | jsonify }}}{% unless forloop.last %},{% endunless %}{% endfor %}]\n',
  'rss.xml': `---
layout: null
---
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>{{ site.title | xml_escape }}</title>
<link>{{ site.url }}{{ site.baseurl }}/</link>
{% for post in site.posts limit:10 %}<item>
<title>{{ post.title | xml_escape }}</title>
<link>{{ post.url | absolute_url }}</link>
<guid isPermaLink="true">{{ post.url | absolute_url }}</guid>
<pubDate>{{ post.date | date_to_rfc822 }}</pubDate>
</item>
{% endfor %}</channel>
</rss>
`,
  'index.md': `---
title: 홈
---
## 최신 기사

{% for post in site.posts limit: 10 %}
- [{{ post.title }}]({{ post.url | relative_url }}) <small>{{ post.date | date: "%Y-%m-%d" }}</small>
{% endfor %}

{% include notice.html message="오늘의 주요 뉴스" %}
`,
  'blog/index.html': `---
layout: blog
title: 전체 기사
---
{% for post in paginator.posts %}
<article><a href="{{ post.url | relative_url }}">{{ post.title }}</a> <small>{{ post.excerpt | strip_html | truncate: 80 }}</small></article>
{% endfor %}
`,
  '404.md': `---
title: 페이지를 찾을 수 없습니다
permalink: /404.html
sitemap: false
---
{% include notice.html message="요청하신 페이지가 없습니다" %}

[홈으로]({{ "/" | relative_url }})
`,
  'search.md': '---\ntitle: 검색\n---\n{% include search-box.html placeholder="검색어를 입력하세요" %}\n',
  'about.md':
    '---\ntitle: 소개\ndescription: 코리아 뉴스는 독자가 만드는 뉴스입니다.\n---\n코리아 뉴스는 **{{ site.posts | size }}건**의 기사를 싣고 있습니다.\n',
  'offline.md': '---\ntitle: 오프라인\nsitemap: false\n---\n인터넷에 연결되어 있지 않습니다.\n',
  'thanks.md': '---\ntitle: 감사합니다\nsitemap: false\n---\n구독해 주셔서 감사합니다.\n',
};

function writeAll(out, files) {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
  }
}

function main() {
  const { posts, out, seed } = parseArgs(process.argv.slice(2));
  const rng = makeRandom(seed);
  const text = makeText(rng);
  writeAll(out, Object.entries(SITE_FILES));
  writeAll(out, postFiles(posts, rng, text));
  console.log(`wrote ${posts} posts and ${Object.keys(SITE_FILES).length} site files to ${out}`);
}

main();
