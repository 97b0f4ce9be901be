"""The review workspace (`scorer serve`): reviewers upload declarations in a browser, judge each
finding, adopt or edit rows (re-scored at once) and download reports carrying their decisions.
Decisions live in the store (scorer.store). See docs/web.md."""
