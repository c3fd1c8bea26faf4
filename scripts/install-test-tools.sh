#!/usr/bin/env bash
# Installs what the test suite needs beyond Python packages:
#  - Mozilla's ical.js (npm, pinned in tests/js/package-lock.json), to parse our .ics
#    files the way Thunderbird does, and the quality tools pinned beside it (axe-core,
#    vnu-jar, Lighthouse);
#  - Debian's chromium, driven by Playwright for the tests about what a person sees;
#  - Debian's Java runtime, to run the Nu HTML checker (vnu.jar, from the npm package
#    vnu-jar pinned in tests/js/package-lock.json).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v npm >/dev/null 2>&1; then
  # Reinstall whenever the lock file changed since the last install (a new package or
  # version), not only when node_modules/ is missing.
  stamp=tests/js/node_modules/.installed-lock
  if ! cmp -s tests/js/package-lock.json "$stamp" 2>/dev/null; then
    npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
    cp tests/js/package-lock.json "$stamp"
  fi
else
  echo "install-test-tools: npm introuvable ; les tests ical.js seront ignorés hors CI." >&2
fi

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    echo "install-test-tools: chromium absent et pas de droits root ; les tests navigateur seront ignorés hors CI." >&2
  fi
fi

if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
  else
    echo "install-test-tools: java absent et pas de droits root ; le validateur HTML (Nu) sera ignoré hors CI." >&2
  fi
fi
