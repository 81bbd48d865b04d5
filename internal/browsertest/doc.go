// Package browsertest drives the whole of attune through headless chromium:
// sign-in with a second factor, opening and sharing a case, the access an
// other practitioner is denied, uploading films (resumed after a reload),
// watching and deleting them, screenshots of every main page at three
// widths, axe-core accessibility checks and keyboard-only use.
//
// The upload tests make their films with ffmpeg at test time.
// Everything lives in _test.go files; this file only names the package. The
// tests need Debian's chromium (apt-get install chromium) or a browser named
// by ATTUNE_CHROMIUM. Without one they skip, unless CI=true or
// ATTUNE_REQUIRE_ALL=1, when they fail.
package browsertest
