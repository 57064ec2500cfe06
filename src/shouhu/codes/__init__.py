"""National codes every layer reads: GB/T 2260 administrative divisions and the SC licence number, USCC
and other identifier formats, and the one rule for text in spreadsheet cells. Pure Python (no Django), at the bottom of the layers beside `rules` and
`labels`, so the label checker, core and the domain apps share one parser."""
