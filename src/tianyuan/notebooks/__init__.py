"""The chapters as notebooks: what a chapter cell calls (`figures`), the appendix tables
built from the data (`appendix`), a chapter's source per edition (`source`) and the
executed notebooks readers download (`export`)."""
