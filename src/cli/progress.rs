//! Progress bars: on a terminal only, never with NO_COLOR or --quiet.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Ctx, term};

/// A bar with rate and ETA on stderr, or a hidden one.
pub fn bar(ctx: &Ctx, msg: &'static str) -> ProgressBar {
    if ctx.global.quiet || !term::fancy_stderr() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:40.cyan/blue}] {pos}/{len} ({per_sec}, eta {eta})",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar.set_message(msg);
    bar
}

/// A spinner with a message, for work of unknown size.
pub fn spinner(ctx: &Ctx, msg: &'static str) -> ProgressBar {
    if ctx.global.quiet || !term::fancy_stderr() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"),
    );
    bar.set_message(msg);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
