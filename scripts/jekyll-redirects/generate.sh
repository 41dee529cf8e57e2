#!/bin/sh
# Rebuilds test/fixtures/jekyll-redirects/jekyll/ with Jekyll 4.3.1 and
# jekyll-redirect-from 0.16.0 (on PATH; no Gemfile needed).
#   plain: site/ as it is;  url: site/ with url and a Korean baseurl;  empty: empty-site/.
set -eu
cd "$(dirname "$0")/../../test/fixtures/jekyll-redirects"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'url: "https://news.example.com"\nbaseurl: "/뉴스"\n' > "$tmp/url.yml"
rm -rf jekyll
jekyll build --quiet --disable-disk-cache -s site -d jekyll/plain
jekyll build --quiet --disable-disk-cache -s site -d jekyll/url --config "site/_config.yml,$tmp/url.yml"
jekyll build --quiet --disable-disk-cache -s empty-site -d jekyll/empty
jekyll --version > jekyll/VERSION
