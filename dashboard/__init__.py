"""Congress Output Explorer's web app: a Dash Pages app over the warehouse (`python -m dashboard`)."""
