#!/bin/sh
# Installs keywarden from this checkout: builds the release binary with
# cargo (into $CARGO_TARGET_DIR when set, else target/), then installs it
# with its shell completions (bash, zsh, fish) and man pages under a prefix.
#
#   ./install.sh [--prefix DIR] [--force] [--uninstall]
#
# The prefix defaults to ~/.local, or /usr/local when run as root. A
# different binary already at PREFIX/bin/keywarden is never overwritten
# without --force. Running it twice is safe.
set -eu

usage() {
    cat <<USAGE
usage: install.sh [--prefix DIR] [--force] [--uninstall]

  --prefix DIR   install under DIR (default: ~/.local, or /usr/local as root)
  --to DIR       same as --prefix
  --force        replace a different keywarden binary already installed
  --uninstall    remove what install.sh installed under the prefix
USAGE
}

prefix=""
force=0
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix|--to)
            [ $# -ge 2 ] || { echo "install.sh: $1 needs a directory" >&2; exit 2; }
            prefix=$2
            shift 2
            ;;
        --prefix=*|--to=*) prefix=${1#*=}; shift ;;
        --force) force=1; shift ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

if [ -z "$prefix" ]; then
    if [ "$(id -u)" -eq 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
fi

here=$(cd "$(dirname "$0")" && pwd)
bindir="$prefix/bin"
mandir="$prefix/share/man/man1"
bashdir="$prefix/share/bash-completion/completions"
zshdir="$prefix/share/zsh/site-functions"
fishdir="$prefix/share/fish/vendor_completions.d"

if [ "$uninstall" -eq 1 ]; then
    if [ -e "$bindir/keywarden" ] && ! "$bindir/keywarden" --version 2>/dev/null | grep -q '^keywarden '; then
        echo "install.sh: $bindir/keywarden is not keywarden; leaving it alone" >&2
        exit 1
    fi
    rm -f "$bindir/keywarden" "$bashdir/keywarden" "$zshdir/_keywarden" "$fishdir/keywarden.fish"
    for page in "$here"/man/*.1; do
        [ -e "$page" ] && rm -f "$mandir/$(basename "$page")"
    done
    echo "keywarden removed from $prefix"
    exit 0
fi

command -v cargo >/dev/null 2>&1 || { echo "install.sh: cargo not found; install Rust from https://rustup.rs" >&2; exit 1; }
echo "building keywarden (release)..."
cargo build --release --locked --quiet --manifest-path "$here/Cargo.toml"
# cargo builds into CARGO_TARGET_DIR when it is set (relative to the
# current directory, as cargo reads it), else into the checkout's target/.
built="${CARGO_TARGET_DIR:-$here/target}/release/keywarden"
[ -x "$built" ] || { echo "install.sh: cargo built no $built" >&2; exit 1; }

if [ -e "$bindir/keywarden" ] && ! cmp -s "$built" "$bindir/keywarden"; then
    if [ "$force" -ne 1 ]; then
        echo "install.sh: a different $bindir/keywarden exists ($("$bindir/keywarden" --version 2>/dev/null || echo 'not keywarden')); rerun with --force to replace it" >&2
        exit 1
    fi
fi

mkdir -p "$bindir" "$mandir" "$bashdir" "$zshdir" "$fishdir"
# Copy to a temporary name, then rename: a running keywarden is never
# left with a half-written binary.
cp "$built" "$bindir/.keywarden.tmp.$$"
chmod 0755 "$bindir/.keywarden.tmp.$$"
mv -f "$bindir/.keywarden.tmp.$$" "$bindir/keywarden"
cp "$here/completions/keywarden.bash" "$bashdir/keywarden"
cp "$here/completions/_keywarden" "$zshdir/_keywarden"
cp "$here/completions/keywarden.fish" "$fishdir/keywarden.fish"
for page in "$here"/man/*.1; do
    cp "$page" "$mandir/"
done
chmod 0644 "$bashdir/keywarden" "$zshdir/_keywarden" "$fishdir/keywarden.fish" "$mandir"/keywarden*.1

echo "installed $("$bindir/keywarden" --version) to $bindir/keywarden"
case ":$PATH:" in
    *":$bindir:"*) ;;
    *) echo "note: $bindir is not on your PATH; add it:  export PATH=\"$bindir:\$PATH\"" ;;
esac
cat <<NOTE
man pages:   man keywarden   (MANPATH may need $prefix/share/man)
completions:
  bash  loaded automatically by bash-completion from $bashdir,
        or add to ~/.bashrc:  source $bashdir/keywarden
  zsh   add to ~/.zshrc before compinit:  fpath=($zshdir \$fpath)
  fish  loaded automatically from $fishdir
NOTE
