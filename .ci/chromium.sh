# Sourced by .ci/run: headless Chromium from the OS packages for the browser test of
# `helpctl migrate review` (tests/e2e/migrate/test_review_browser.py). Installs `chromium` with
# apt-get when missing (quietly; a failure only makes that test skip) and exports
# HELPCTL_TEST_CHROMIUM with the browser's path.
if ! command -v chromium >/dev/null && command -v apt-get >/dev/null; then
  echo "== installing chromium (headless browser for the review page test)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
    >/dev/null 2>&1 || true
fi
if command -v chromium >/dev/null; then
  HELPCTL_TEST_CHROMIUM=$(command -v chromium)
  export HELPCTL_TEST_CHROMIUM
else
  echo "== chromium not available: the browser test of the review page will skip"
fi
