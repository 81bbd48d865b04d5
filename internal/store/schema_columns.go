package store

import "context"

// Column is one text or blob column of the schema.
type Column struct{ Table, Name, Type string }

// TextColumns lists every text or blob column of attune's own tables (the
// migration tool's table left out), read from the database's catalogue.
func (db *DB) TextColumns(ctx context.Context) ([]Column, error) {
	q := `SELECT m.name, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'
		AND (upper(p.type) LIKE '%TEXT%' OR upper(p.type) LIKE '%CHAR%' OR upper(p.type) LIKE '%BLOB%'
			OR upper(p.type) LIKE '%JSON%' OR p.type = '')
		ORDER BY m.name, p.cid`
	if db.dialect == Postgres {
		q = `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'
		AND data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb', 'xml')
		ORDER BY table_name, ordinal_position`
	}
	rows, err := db.r.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Column
	for rows.Next() {
		var c Column
		if err := rows.Scan(&c.Table, &c.Name, &c.Type); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DumpText is every value of every text or blob column, one per line: what
// someone reading the database's tables would see (for tests that look for
// text that must not be there).
func (db *DB) DumpText(ctx context.Context) ([]byte, error) {
	cols, err := db.TextColumns(ctx)
	if err != nil {
		return nil, err
	}
	var out []byte
	for _, c := range cols {
		rows, err := db.r.QueryContext(ctx, `SELECT `+quoteIdent(c.Name)+` FROM `+quoteIdent(c.Table))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var v []byte
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(append(out, v...), '\n')
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
