"""Text helpers: normalisation of cells, money and dates, and (later) segmentation."""
