/**
 * The words the default theme puts around content, in the site's language.
 * Templates read them as `labels.*`. Placeholders in braces (`{count}`,
 * `{page}`, `{total}`) are filled in by the templates with Nunjucks'
 * `replace` filter, so every label stays a plain string.
 */

/** A label that depends on a number: `{count}` is replaced by it. */
export interface CountLabel {
  readonly one: string;
  readonly other: string;
}

export interface Labels {
  readonly home: string;
  /** Accessible name of the main navigation. */
  readonly menu: string;
  readonly skipToContent: string;
  readonly categories: string;
  readonly allCategories: string;
  /** Kicker above a category page's title. */
  readonly category: string;
  readonly archive: string;
  /** Heading of the post list on the first index page. */
  readonly latest: string;
  readonly search: string;
  /** Visible label of the search field. */
  readonly searchLabel: string;
  readonly searchPlaceholder: string;
  readonly searchSubmit: string;
  /** Shown when JavaScript is off. */
  readonly searchNoscript: string;
  readonly searchLoading: string;
  readonly searchError: string;
  /** A query whose words are all one character long: the index has no such words. */
  readonly searchShort: string;
  readonly searchResults: CountLabel;
  readonly noResults: string;
  readonly feed: string;
  readonly categoryFeed: string;
  readonly published: string;
  /** Accessible name of a post's feature section. */
  readonly summary: string;
  readonly tags: string;
  /** Kicker above a tag page's title. */
  readonly tag: string;
  /** Heading of the related articles under a post. */
  readonly related: string;
  readonly readMore: string;
  readonly previousPost: string;
  readonly nextPost: string;
  /** Accessible name of the previous/next post navigation. */
  readonly postNavigation: string;
  readonly newerPage: string;
  readonly olderPage: string;
  /** Accessible name of the page navigation. */
  readonly pagination: string;
  /** `{page}` of `{total}`. */
  readonly pageOf: string;
  readonly postsCount: CountLabel;
  readonly notFoundTitle: string;
  readonly notFoundText: string;
  readonly backHome: string;
  readonly poweredBy: string;
  /** Accessible name of the scroll region around a table in a post (one without a caption). */
  readonly table: string;
}

const ko: Labels = Object.freeze({
  home: '홈',
  menu: '주 메뉴',
  skipToContent: '본문 바로가기',
  categories: '분류',
  allCategories: '전체 분류',
  category: '분류',
  archive: '기사 모음',
  latest: '최신 기사',
  search: '검색',
  searchLabel: '기사 검색',
  searchPlaceholder: '검색어를 입력하세요',
  searchSubmit: '검색',
  searchNoscript: '검색을 사용하려면 브라우저에서 JavaScript를 켜 주세요. 분류별 목록에서도 기사를 찾을 수 있습니다:',
  searchLoading: '검색 색인을 불러오는 중…',
  searchError: '검색 색인을 불러오지 못했습니다. 잠시 후 다시 시도해 주세요.',
  searchShort: '두 글자 이상 입력하세요.',
  searchResults: Object.freeze({ one: '검색 결과 {count}건', other: '검색 결과 {count}건' }),
  noResults: '검색 결과가 없습니다. 다른 검색어로 찾아 보세요.',
  feed: 'RSS 피드',
  categoryFeed: '이 분류의 피드',
  published: '입력',
  summary: '기사 요약',
  tags: '태그',
  tag: '태그',
  related: '관련 기사',
  readMore: '기사 더 보기',
  previousPost: '이전 기사',
  nextPost: '다음 기사',
  postNavigation: '이전 기사와 다음 기사',
  newerPage: '이전 페이지',
  olderPage: '다음 페이지',
  pagination: '페이지 이동',
  pageOf: '{page} / {total} 페이지',
  postsCount: Object.freeze({ one: '{count}개의 글', other: '{count}개의 글' }),
  notFoundTitle: '페이지를 찾을 수 없습니다',
  notFoundText: '주소가 바뀌었거나 삭제된 페이지입니다. 주소를 다시 확인하시거나 검색해 보세요.',
  backHome: '홈으로 돌아가기',
  poweredBy: 'gazette로 만든 사이트',
  table: '표',
});

const en: Labels = Object.freeze({
  home: 'Home',
  menu: 'Main menu',
  skipToContent: 'Skip to content',
  categories: 'Categories',
  allCategories: 'All categories',
  category: 'Category',
  archive: 'Archive',
  latest: 'Latest news',
  search: 'Search',
  searchLabel: 'Search articles',
  searchPlaceholder: 'Type to search',
  searchSubmit: 'Search',
  searchNoscript: 'Search needs JavaScript. Please turn it on in your browser, or browse the articles by category:',
  searchLoading: 'Loading the search index…',
  searchError: 'The search index could not be loaded. Please try again later.',
  searchShort: 'Type at least two characters.',
  searchResults: Object.freeze({ one: '{count} result', other: '{count} results' }),
  noResults: 'No results. Try other words.',
  feed: 'RSS feed',
  categoryFeed: 'Feed for this category',
  published: 'Published',
  summary: 'Summary',
  tags: 'Tags',
  tag: 'Tag',
  related: 'Related articles',
  readMore: 'Read more',
  previousPost: 'Previous article',
  nextPost: 'Next article',
  postNavigation: 'Previous and next articles',
  newerPage: 'Newer',
  olderPage: 'Older',
  pagination: 'Pages',
  pageOf: 'Page {page} of {total}',
  postsCount: Object.freeze({ one: '{count} post', other: '{count} posts' }),
  notFoundTitle: 'Page not found',
  notFoundText: 'The page may have moved or been removed. Check the address, or try a search.',
  backHome: 'Back to the front page',
  poweredBy: 'Made with gazette',
  table: 'Table',
});

/** Korean for any `ko` language tag (`ko`, `ko-KR`, `ko_KR`), English otherwise. */
export function labelsFor(lang: string): Labels {
  return /^ko(?:[-_]|$)/i.test(lang.trim()) ? ko : en;
}
