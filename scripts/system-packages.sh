#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real, when they are absent:
# chromium (browser tests), dovecot (IMAP server for email tests), gettext (message catalogues),
# a Chinese font (so browser screenshots show Chinese, not empty boxes).
# Prints what it skipped when apt-get is unavailable; the tests that need them then say so.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
fc-list 2>/dev/null | grep -qiE "wqy|noto.*cjk" || need+=(fonts-wqy-microhei)
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: apt-get not available; not installing: ${need[*]}" >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
echo "system-packages: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "system-packages: could not install ${need[*]}; tests that need them will skip" >&2
exit 0
