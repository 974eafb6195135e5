package store

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// HistoryQuery searches the history of exchanges, in the manner of Miniflux's entry query
// builder: db.History() starts one, its With* methods narrow it (a zero value adds no
// condition), and Messages runs it.
//
//	items, total, err := db.History().WithClient(c).WithSearch("livraison").WithPage(20, 0).Messages(ctx)
type HistoryQuery struct {
	db *DB
	f  historyFilter
	// pick chooses the stream that drives the search (tests force each in turn).
	pick func([]stream, int) stream
}

// historyFilter is what a HistoryQuery holds.
type historyFilter struct {
	ClientID  int64
	ProjectID int64
	AuthorID  int64
	From, To  *time.Time
	Search    string // words a message must all contain (SearchWords)
	// Before continues a listing after its last message: only older ones are listed, and the
	// total is not computed.
	Before *MessageCursor
	Limit  int
	Offset int
}

// History starts a search of the history of exchanges: every message, newest first.
func (db *DB) History() *HistoryQuery { return &HistoryQuery{db: db, pick: cheapest} }

// WithClient keeps the messages of a client's projects.
func (q *HistoryQuery) WithClient(id int64) *HistoryQuery { q.f.ClientID = id; return q }

// WithProject keeps the messages of a project.
func (q *HistoryQuery) WithProject(id int64) *HistoryQuery { q.f.ProjectID = id; return q }

// WithAuthor keeps the messages of an author.
func (q *HistoryQuery) WithAuthor(id int64) *HistoryQuery { q.f.AuthorID = id; return q }

// WithPeriod keeps the messages written from `from` (inclusive) to `to` (exclusive); nil leaves
// that side open.
func (q *HistoryQuery) WithPeriod(from, to *time.Time) *HistoryQuery {
	q.f.From, q.f.To = from, to
	return q
}

// WithSearch keeps the messages that contain every word of s (SearchWords).
func (q *HistoryQuery) WithSearch(s string) *HistoryQuery { q.f.Search = s; return q }

// WithPage reads limit messages after the first offset ones.
func (q *HistoryQuery) WithPage(limit, offset int) *HistoryQuery {
	q.f.Limit, q.f.Offset = limit, offset
	return q
}

// Before continues a listing after its last message: only older ones are read, and the total
// is not computed (Messages answers 0).
func (q *HistoryQuery) Before(c MessageCursor) *HistoryQuery { q.f.Before = &c; return q }

// MessageCursor is a place in the history's order (newest first by date, then by id).
type MessageCursor struct {
	CreatedAt time.Time
	ID        int64
}

// MaxCounted caps the totals of search results.
const MaxCounted = 10000

// MessageWithContext is a message with its project and client.
type MessageWithContext struct {
	Message
	ProjectName string
	ClientID    int64
	ClientName  string
}

// Messages runs the query: a page of messages across projects, newest first (by date, then id),
// with their total up to MaxCounted.
func (q *HistoryQuery) Messages(ctx context.Context) ([]MessageWithContext, int, error) {
	db, f := q.db, q.f
	h := historyPlan{f: f}
	if strings.TrimSpace(f.Search) != "" {
		if h.words = SearchWords(f.Search); len(h.words) == 0 {
			return nil, 0, nil // only words too short to be indexed: nothing matches
		}
	}
	if f.ClientID != 0 {
		projects, err := db.clientProjects(ctx, f.ClientID)
		if err != nil || len(projects) == 0 {
			return nil, 0, err
		}
		if f.ProjectID == 0 {
			h.projects = projects
		} else if !slices.Contains(projects, f.ProjectID) {
			return nil, 0, nil
		}
	}
	ss, err := db.candidates(ctx, h)
	if err != nil {
		return nil, 0, err
	}
	for _, s := range ss {
		if !s.capped && s.est == 0 {
			return nil, 0, nil
		}
	}
	best := q.pick(ss, len(h.words))

	// The page: the first Offset+Limit candidates of each branch, merged. Past MaxCounted there
	// are no pages (the total stops there too), so that no request reads a whole index.
	n := f.Offset + f.Limit
	var keys []MessageCursor
	if f.Offset < MaxCounted {
		var err error
		if keys, err = db.streamPage(ctx, h, best, n); err != nil {
			return nil, 0, err
		}
	} else {
		n = 0
	}
	read := len(keys)
	keys = keys[min(f.Offset, read):min(n, read)]

	total := 0
	switch {
	case f.Before != nil:
	case read < n:
		// Fewer than asked: every branch ran out, so these are all the matches.
		total = min(read, MaxCounted)
	default:
		// Counting every match of a common word costs as much as reading them all: past
		// MaxCounted the total is reported as MaxCounted ("plus de 10 000").
		cq, cargs := h.sqlFor(best, 0, 0, true)
		if err := db.conn(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+cq+") capped", cargs...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	out, err := db.messagesWithContext(ctx, keys)
	return out, total, err
}

// streamPage reads the first n candidates of a stream, newest first.
func (db *DB) streamPage(ctx context.Context, h historyPlan, s stream, n int) ([]MessageCursor, error) {
	var q string
	var args []any
	if s.kind == streamClient {
		parts := make([]string, len(h.projects))
		for i, p := range h.projects {
			sq, a := h.sqlFor(s, p, n, false)
			parts[i] = "(" + sq + ")"
			args = append(args, a...)
		}
		q = strings.Join(parts, "\nUNION ALL ")
	} else {
		q, args = h.sqlFor(s, 0, n, false)
	}
	rows, err := db.conn(ctx).QueryContext(ctx, q, args...)
	keys, err := scanAll(rows, err, func(r rowScanner) (k MessageCursor, err error) {
		err = r.Scan(&k.CreatedAt, &k.ID)
		return k, err
	})
	if s.kind == streamClient {
		slices.SortFunc(keys, newestFirst)
	}
	return keys, err
}

func newestFirst(a, b MessageCursor) int {
	if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(b.ID, a.ID)
}

// clientProjects lists the ids of a client's projects.
func (db *DB) clientProjects(ctx context.Context, clientID int64) ([]int64, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT id FROM projects WHERE client_id = ?", clientID)
	return scanIDs(rows, err)
}

// messagesWithContext reads the messages of a page, in its order, with their attachments.
func (db *DB) messagesWithContext(ctx context.Context, keys []MessageCursor) ([]MessageWithContext, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ids := make([]any, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT "+messageColumns+", p.name, p.client_id, c.name"+
		" FROM messages m JOIN projects p ON p.id = m.project_id JOIN clients c ON c.id = p.client_id JOIN users u ON u.id = m.author_id"+
		" WHERE m.id IN ("+placeholders(len(ids))+")", ids...)
	found, err := scanAll(rows, err, func(r rowScanner) (x MessageWithContext, err error) {
		x.Message, err = scanMessage(r, &x.ProjectName, &x.ClientID, &x.ClientName)
		return x, err
	})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]MessageWithContext, len(found))
	for _, x := range found {
		byID[x.ID] = x
	}
	out := make([]MessageWithContext, 0, len(keys))
	for _, k := range keys {
		if x, ok := byID[k.ID]; ok {
			out = append(out, x)
		}
	}
	ptrs := make([]*Message, len(out))
	for i := range out {
		ptrs[i] = &out[i].Message
	}
	return out, db.attach(ctx, ptrs)
}
