#!/bin/sh
# `make install` into a scratch DESTDIR: the installed program finds its
# layouts and fonts under PREFIX/share/paiban and renders, and the
# developer's ./paiban is left exactly as it was (same bytes, same data
# folder). Run by `make test`; prints one line and exits 1 on a failure.
set -u
cd "$(dirname "$0")/.."
mkdir -p build/tmp
dest=$(pwd)/build/tmp/install
rm -rf "$dest"
mkdir -p build/tmp
before=$(cksum < paiban)
if ! make -s install DESTDIR="$dest" PREFIX=/opt/paiban > build/tmp/install.log 2>&1; then
  echo "install: FAIL: make install failed (build/tmp/install.log)"; exit 1
fi
[ "$(cksum < paiban)" = "$before" ] || { echo "install: FAIL: make install changed ./paiban"; exit 1; }
for f in bin/paiban share/paiban/layouts/briefing.yaml share/paiban/fonts/fonts.conf share/paiban/dict/hyph_en_US.dic; do
  [ -e "$dest/opt/paiban/$f" ] || { echo "install: FAIL: $f was not installed"; exit 1; }
done
# The installed program looks for its data where it was told (PREFIX), so
# point it at DESTDIR's copy to run it here.
if ! PAIBAN_DATADIR="$dest/opt/paiban/share/paiban" "$dest/opt/paiban/bin/paiban" layouts | grep -q '^briefing'; then
  echo "install: FAIL: the installed paiban does not list its layouts"; exit 1
fi
# Without the variable it looks in PREFIX/share/paiban, which is not here.
env -u PAIBAN_DATADIR "$dest/opt/paiban/bin/paiban" layouts 2>&1 | grep -q 'in /opt/paiban/share/paiban/layouts' ||
  { echo "install: FAIL: the installed paiban does not have PREFIX/share/paiban built in"; exit 1; }
echo "install: ok"
