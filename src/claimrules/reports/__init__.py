"""The reports layer: what a collection office reads of many decisions (aging, debtor cases,
deadlines, monitoring, claims with no movement, postings, the dispatch audit, case files)."""
