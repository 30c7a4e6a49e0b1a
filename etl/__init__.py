"""Congress Output Explorer ETL: report files → units and facts."""
