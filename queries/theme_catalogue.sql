-- The policy themes (etl/lexicon/themes.toml) and the terms that signal each.
SELECT theme, label_zh, label_en, terms
FROM themes
ORDER BY position;
