package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// The history of exchanges reads one ordered stream of candidate messages, newest first, and
// checks the other conditions on each: a word's entries in message_words, or the index entries
// of a project's messages, an author's, a client's (one ordered branch per project, merged
// here), or the period's; the entries carry the filters' columns. It takes the stream that
// costs least from capped index-only counts, so that neither a common word nor a small filter
// reads more than it must, and the database never sorts: a page reads Offset+Limit matches
// and the total at most MaxCounted, whatever the size of the table.
type streamKind int

const (
	streamWord streamKind = iota
	streamProject
	streamAuthor
	streamClient
	streamAll
)

type stream struct {
	kind   streamKind
	word   int // streamWord: which of the search's words
	est    int // candidates, counted up to estimateCap
	capped bool
	big    int // a capped word: the optimizer's estimate of its entries
}

const (
	// estimateCap bounds the counts that choose the stream.
	estimateCap = 2000
	// maxClientBranches: a client with more projects is checked per message, not read per project.
	maxClientBranches = 200
)

// cost compares streams. Every stream is read in index order with the filters and deleted_at
// checked in the entry; a message stream then looks each searched word up by primary key (a
// random read, worth about five entries read in order). A capped count is taken as a large
// stream, a word's as the optimizer estimates it.
func (s stream) cost(words int) int {
	n := s.est
	switch {
	case s.big > 0:
		n = max(s.big, estimateCap)
	case s.capped:
		n = 50 * estimateCap
	}
	if s.kind == streamWord {
		return n
	}
	return n * (1 + 5*words)
}

// historyPlan is a HistoryQuery being run: its words, and the projects of its client.
type historyPlan struct {
	f        historyFilter
	words    []string
	projects []int64 // the client's projects when the client filter applies alone
}

// sqlFor returns one branch of a stream: its ordered (created_at, id) page of n candidates, or,
// when count is set, its matches for a capped count (project 0: every branch at once).
func (h historyPlan) sqlFor(s stream, project int64, n int, count bool) (string, []any) {
	at, id, proj, author := "m.created_at", "m.id", "m.project_id", "m.author_id"
	if s.kind == streamWord {
		at, id, proj, author = "w.created_at", "w.message_id", "w.project_id", "w.author_id"
	}
	var b strings.Builder
	var args []any
	b.WriteString("SELECT STRAIGHT_JOIN ")
	if count {
		b.WriteString("1")
	} else {
		b.WriteString(at + ", " + id)
	}
	switch s.kind {
	case streamWord:
		b.WriteString(" FROM message_words w FORCE INDEX (PRIMARY)")
	case streamProject, streamClient:
		b.WriteString(" FROM messages m FORCE INDEX (ix_messages_project_created)")
	case streamAuthor:
		b.WriteString(" FROM messages m FORCE INDEX (ix_messages_author)")
	default:
		if !count {
			b.WriteString(" FROM messages m FORCE INDEX (ix_messages_created)")
		} else {
			b.WriteString(" FROM messages m")
		}
	}
	// The other words: one primary-key look-up each (an inner join on the whole key is a
	// semi-join; STRAIGHT_JOIN keeps the stream first, so the order needs no sort).
	for i, w := range h.words {
		if s.kind == streamWord && i == s.word {
			continue
		}
		x := "x" + strconv.Itoa(i)
		fmt.Fprintf(&b, " JOIN message_words %s ON %s.word = ? AND %s.created_at = %s AND %s.message_id = %s", x, x, x, at, x, id)
		args = append(args, w)
	}
	var where []string
	cond := func(c string, v ...any) { where = append(where, c); args = append(args, v...) }
	if s.kind == streamWord {
		cond("w.word = ?", h.words[s.word]) // deleted messages have no words
	} else {
		cond("m.deleted_at IS NULL")
	}
	switch {
	case h.f.ProjectID != 0:
		cond(proj+" = ?", h.f.ProjectID)
	case s.kind == streamClient && project != 0:
		cond(proj+" = ?", project)
	case h.projects != nil:
		cond(proj+" IN ("+placeholders(len(h.projects))+")", anys(h.projects)...)
	}
	if h.f.AuthorID != 0 {
		cond(author+" = ?", h.f.AuthorID)
	}
	if h.f.From != nil {
		cond(at+" >= ?", *h.f.From)
	}
	if h.f.To != nil {
		cond(at+" < ?", *h.f.To)
	}
	if c := h.f.Before; c != nil {
		cond("("+at+" < ? OR ("+at+" = ? AND "+id+" < ?))", c.CreatedAt, c.CreatedAt, c.ID)
	}
	b.WriteString(" WHERE " + strings.Join(where, " AND "))
	if count {
		b.WriteString(" LIMIT " + strconv.Itoa(MaxCounted))
	} else {
		b.WriteString(" ORDER BY " + at + " DESC, " + id + " DESC LIMIT " + strconv.Itoa(n))
	}
	return b.String(), args
}

// candidates lists the streams that could drive a search, counted when there is a choice. A
// stream counted empty means that nothing matches.
func (db *DB) candidates(ctx context.Context, h historyPlan) ([]stream, error) {
	var ss []stream
	for i := range h.words {
		ss = append(ss, stream{kind: streamWord, word: i})
	}
	switch {
	case h.f.ProjectID != 0:
		ss = append(ss, stream{kind: streamProject})
	case h.projects != nil && len(h.projects) <= maxClientBranches:
		ss = append(ss, stream{kind: streamClient})
	}
	if h.f.AuthorID != 0 {
		ss = append(ss, stream{kind: streamAuthor})
	}
	if len(ss) == 0 || h.f.From != nil || h.f.To != nil {
		ss = append(ss, stream{kind: streamAll})
	}
	if len(ss) == 1 {
		ss[0].capped = true
		return ss, nil
	}
	var parts []string
	var args []any
	for _, s := range ss {
		var from, at string
		switch s.kind {
		case streamWord:
			from, at = "message_words FORCE INDEX (PRIMARY) WHERE word = ?", "created_at"
			args = append(args, h.words[s.word])
		case streamProject:
			from, at = "messages FORCE INDEX (ix_messages_project_created) WHERE project_id = ?", "created_at"
			args = append(args, h.f.ProjectID)
		case streamClient:
			from, at = "messages FORCE INDEX (ix_messages_project_created) WHERE project_id IN ("+placeholders(len(h.projects))+")", "created_at"
			args = append(args, anys(h.projects)...)
		case streamAuthor:
			from, at = "messages FORCE INDEX (ix_messages_author) WHERE author_id = ?", "created_at"
			args = append(args, h.f.AuthorID)
		default:
			from, at = "messages FORCE INDEX (ix_messages_created) WHERE TRUE", "created_at"
		}
		if h.f.From != nil {
			from += " AND " + at + " >= ?"
			args = append(args, *h.f.From)
		}
		if h.f.To != nil {
			from += " AND " + at + " < ?"
			args = append(args, *h.f.To)
		}
		parts = append(parts, "(SELECT COUNT(*) FROM (SELECT 1 FROM "+from+" LIMIT "+strconv.Itoa(estimateCap)+") e)")
	}
	dest := make([]any, len(ss))
	for i := range ss {
		dest[i] = &ss[i].est
	}
	if err := db.conn(ctx).QueryRowContext(ctx, "SELECT "+strings.Join(parts, ", "), args...).Scan(dest...); err != nil {
		return nil, err
	}
	var big []int // the words past the cap
	for i := range ss {
		ss[i].capped = ss[i].est >= estimateCap
		if ss[i].capped && ss[i].kind == streamWord {
			big = append(big, i)
		}
	}
	if len(big) == 0 {
		return ss, nil
	}
	// Past the cap, the optimizer's estimate of a word's range (a few index dives, whatever
	// its size) tells a word in a tenth of the messages from one in half of them.
	parts, args = parts[:0], args[:0]
	for _, i := range big {
		q := "SELECT 1 FROM message_words WHERE word = ?"
		args = append(args, h.words[ss[i].word])
		if h.f.From != nil {
			q += " AND created_at >= ?"
			args = append(args, *h.f.From)
		}
		if h.f.To != nil {
			q += " AND created_at < ?"
			args = append(args, *h.f.To)
		}
		parts = append(parts, q)
	}
	rows, err := db.conn(ctx).QueryContext(ctx, "EXPLAIN "+strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	vals := make([]sql.NullString, len(cols))
	dest = make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		var id, n int
		for c, name := range cols {
			switch strings.ToLower(name) {
			case "id":
				id, _ = strconv.Atoi(vals[c].String)
			case "rows":
				n, _ = strconv.Atoi(vals[c].String)
			}
		}
		if id >= 1 && id <= len(big) {
			ss[big[id-1]].big = n
		}
	}
	return ss, rows.Err()
}

// cheapest picks the stream of least cost, a word's at equal cost.
func cheapest(ss []stream, words int) stream {
	best := ss[0]
	for _, s := range ss[1:] {
		if s.cost(words) < best.cost(words) {
			best = s
		}
	}
	return best
}
