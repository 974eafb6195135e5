package store

import (
	"context"
	"strings"
	"unicode"
)

// The word index of the history search (message_words, migration 0009). A message's words are
// its runs of letters and digits of at least minWordLen characters, the first maxWordLen of
// longer ones, compared without case or accents (the table's collation); deleted messages have
// none. messageWordsSQL is the tokeniser of the migration's backfill, here for writes;
// SearchWords splits a search the same way.
const (
	minWordLen = 3
	maxWordLen = 40
	// MaxSearchWords bounds the words of one search.
	MaxSearchWords = 10

	messageWordsSQL = `JSON_TABLE(CONCAT('["', REGEXP_REPLACE(m.body, '[^[:alnum:]]+', '","'), '"]'), '$[*]' COLUMNS (word TEXT PATH '$')) t`
	wordOfToken     = "LOWER(LEFT(t.word, 40))"
	tokenIsWord     = "CHAR_LENGTH(t.word) >= 3"
)

// indexWords adds the words of the messages (aliased m) that where selects.
func (db *DB) indexWords(ctx context.Context, where string, args ...any) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, `INSERT IGNORE INTO message_words (word, created_at, message_id, project_id, author_id)
		SELECT `+wordOfToken+`, m.created_at, m.id, m.project_id, m.author_id FROM messages m, `+messageWordsSQL+`
		WHERE m.deleted_at IS NULL AND `+tokenIsWord+` AND `+where, args...)
	return err
}

// unindexWords removes a message's words, found from its current text (so before it changes).
func (db *DB) unindexWords(ctx context.Context, id int64) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, `DELETE w FROM messages m JOIN `+messageWordsSQL+`
		JOIN message_words w ON w.word = `+wordOfToken+` AND w.created_at = m.created_at AND w.message_id = m.id
		WHERE m.id = ?`, id)
	return err
}

// SearchWords splits a search into the words of the index, each once (lower case).
func SearchWords(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		r := []rune(f)
		if len(r) < minWordLen {
			continue
		}
		if len(r) > maxWordLen {
			r = r[:maxWordLen]
		}
		w := strings.ToLower(string(r))
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
