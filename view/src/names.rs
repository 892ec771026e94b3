//! The names the layout, the app and the browser tests share: every button's
//! `data-action`, every slot's `data-slot`, every control's `name`. One enum each, so a
//! misspelt name does not compile, and the report's buttons are matched exhaustively: a
//! new one without a handler is a compile error, not a click that does nothing.

/// An enum of kebab-case names with `name()`, `from_name()` and `ALL`.
macro_rules! names {
    ($(#[$doc:meta])* $vis:vis enum $ty:ident { $($(#[$vdoc:meta])* $variant:ident = $name:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $ty { $($(#[$vdoc])* $variant,)* }

        impl $ty {
            /// Every name, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant,)*];

            /// The name in the DOM.
            pub fn name(self) -> &'static str {
                match self { $($ty::$variant => $name,)* }
            }

            /// The variant a DOM name stands for (`None` for a name not of ours).
            pub fn from_name(name: &str) -> Option<$ty> {
                match name { $($name => Some($ty::$variant),)* _ => None }
            }
        }
    };
}

names! {
    /// What a button of the page's components does (`data-action`): each component
    /// handles its own with `on:click`; the attribute is how the browser tests find it.
    pub enum Action {
        Run = "run",
        Cancel = "cancel",
        Share = "share",
        ClearRecent = "clear-recent",
        DismissNotice = "dismiss-notice",
        LoadExamples = "load-examples",
        /// With `data-input`: the [`Control`] whose text or file it analyzes.
        Analyze = "analyze",
        /// Copies the Fix panel's snippet before it.
        CopySnippet = "copy-snippet",
    }
}

names! {
    /// What a button inside a report does (`data-action`). The report is a node tree the
    /// analysis worker draws, so its buttons have no handlers of their own: the report's
    /// mount (`src/components/run_result.rs`) matches these exhaustively.
    pub enum ReportAction {
        DownloadJson = "download-json",
        CopyMarkdown = "copy-markdown",
        /// Copies the `<pre>` just before the button (a curl command, a header block).
        Copy = "copy",
        /// Opens Analyze with the console-error box focused: the step that settles a
        /// group of causes in this browser.
        PasteConsole = "paste-console",
        /// Opens Analyze with the response-headers box focused (for curl's output).
        PasteHeaders = "paste-headers",
    }
}

names! {
    /// A place the app fills with a node tree (`data-slot`).
    pub enum Slot {
        /// The plan before a run, its progress during one, the report after.
        Run = "run",
    }
}

names! {
    /// A form control (`name`), read on `input` and `change` and filled by the tests.
    pub enum Control {
        Url = "url",
        Method = "method",
        Mode = "mode",
        Credentials = "credentials",
        Redirect = "redirect",
        Headers = "headers",
        Body = "body",
        AllowRepeats = "allow-repeats",
        ShareReport = "share-report",
        /// One checkbox per secret the person may keep in a link (`value` = its id).
        ShareKeep = "share-keep",
        ShareLink = "share-link",
        Lab = "lab",
        AnalyzeOrigin = "analyze-origin",
        RawHeaders = "raw-headers",
        ConsoleError = "console-error",
        Har = "har",
        FixOrigins = "fix-origins",
        FixMethods = "fix-methods",
        FixHeaders = "fix-headers",
        FixExpose = "fix-expose",
        FixMaxAge = "fix-max-age",
        /// The API's origin, where a development proxy forwards to.
        FixApi = "fix-api",
        FixCredentials = "fix-credentials",
        FixStack = "fix-stack",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_distinct() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(all: &[T], name: fn(T) -> &'static str, from: fn(&str) -> Option<T>) {
            let mut seen = std::collections::BTreeSet::new();
            for &v in all {
                assert_eq!(from(name(v)), Some(v));
                assert!(seen.insert(name(v)), "{} twice", name(v));
            }
            assert_eq!(from("no-such-name"), None);
        }
        check(Action::ALL, Action::name, Action::from_name);
        check(ReportAction::ALL, ReportAction::name, ReportAction::from_name);
        // Both live in `data-action`: no name may mean two things.
        assert!(Action::ALL.iter().all(|a| ReportAction::from_name(a.name()).is_none()));
        check(Slot::ALL, Slot::name, Slot::from_name);
        check(Control::ALL, Control::name, Control::from_name);
    }
}
