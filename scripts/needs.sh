# Sourced by the make scripts: installs what is missing with apt-get when we
# are root, or says exactly what to install when we are not.
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing $* with apt-get..." >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
      apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    fi
  else
    echo "attune needs $* — install it with: sudo apt-get install $*" >&2
    return 1
  fi
}
need_ffmpeg() { command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || apt_install ffmpeg; }
need_pdftoppm() { command -v pdftoppm >/dev/null || apt_install poppler-utils; }
# The closing letter draws emoji and Chinese/Japanese from these fonts
# when they are there (internal/pdftext); its tests look for them.
need_letter_fonts() {
  [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] && [ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] ||
    apt_install fonts-noto-color-emoji fonts-droid-fallback
}
need_chromium() { command -v chromium >/dev/null || apt_install chromium fonts-dejavu-core; }
# The tests run their own nginx as this user; the system one Debian starts
# on port 80 after installing is not needed, so it is stopped again.
need_nginx() {
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] && return 0
  apt_install nginx-light && { systemctl disable --now nginx >/dev/null 2>&1 || true; }
}
# The moment finder's evaluation speaks its scenes with espeak-ng.
need_espeak() { command -v espeak-ng >/dev/null || apt_install espeak-ng; }
