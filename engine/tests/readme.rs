//! README lists every finding id with exactly the Chromium errors it covers.

use corsprobe_engine::finding::FindingKind;

#[test]
fn readme_lists_every_finding_with_its_chromium_errors() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    // Other tables (the benchmark's) also name lab cases that share ids with findings.
    let readme = readme.split("### Finding ids").nth(1).expect("README has a \"### Finding ids\" section");
    for kind in FindingKind::ALL {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", kind.id())))
            .unwrap_or_else(|| panic!("README has no row for `{}`", kind.id()));
        let listed: Vec<&str> =
            row.rsplit('|').nth(1).unwrap().split(',').map(|s| s.trim().trim_matches('`')).filter(|s| !s.is_empty() && *s != "—").collect();
        let expected: Vec<&str> = kind.chromium().iter().map(|e| e.name()).collect();
        assert_eq!(listed, expected, "README row for `{}`", kind.id());
    }
}
