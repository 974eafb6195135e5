package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Message is one message of a project's conversation, with its author.
type Message struct {
	ID          int64
	ProjectID   int64
	AuthorID    int64
	AuthorName  string
	AuthorRole  string
	Body        string
	CreatedAt   time.Time
	EditedAt    *time.Time
	DeletedAt   *time.Time
	Attachments []Attachment
}

// Attachment is a file sent with a message.
type Attachment struct {
	ID          int64
	MessageID   int64
	ProjectID   int64
	UploadedBy  int64
	FileKey     string
	FileName    string
	ContentType string
	Size        int64
	SHA256      string
	CreatedAt   time.Time
}

const messageColumns = `m.id, m.project_id, m.author_id, u.name, u.role, m.body, m.created_at, m.edited_at, m.deleted_at`

func scanMessage(row interface{ Scan(...any) error }, extra ...any) (Message, error) {
	var m Message
	err := row.Scan(append([]any{&m.ID, &m.ProjectID, &m.AuthorID, &m.AuthorName, &m.AuthorRole, &m.Body, &m.CreatedAt, &m.EditedAt, &m.DeletedAt}, extra...)...)
	return m, mapErr(err)
}

// InsertMessage adds a message; a staff message answers the client messages before it.
func InsertMessage(ctx context.Context, q execer, m Message) (int64, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO messages (project_id, author_id, author_role, body, created_at)
		SELECT ?, ?, role, ?, ? FROM users WHERE id = ?`, m.ProjectID, m.AuthorID, m.Body, m.CreatedAt, m.AuthorID)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	_, err = q.ExecContext(ctx, `UPDATE messages m JOIN users u ON u.id = ? SET m.answered_at = ?
		WHERE u.role = 'admin' AND m.project_id = ? AND m.author_role = 'client' AND m.answered_at IS NULL AND m.id < ?`,
		m.AuthorID, m.CreatedAt, m.ProjectID, id)
	if err != nil {
		return id, err
	}
	return id, indexWords(ctx, q, "m.id = ?", id)
}

// BackfillAnswers completes, after a bulk load of messages, what InsertMessage keeps on write:
// answered_at on every client message from the conversations, and the search words of every
// message (about 25 s per 500 000 messages).
func BackfillAnswers(ctx context.Context, q execer) error {
	_, err := q.ExecContext(ctx, `UPDATE messages m JOIN (
			SELECT c.id, MIN(s.created_at) AS answered
			FROM messages c JOIN messages s ON s.project_id = c.project_id AND s.id > c.id AND s.author_role = 'admin'
			WHERE c.author_role = 'client' GROUP BY c.id) x ON x.id = m.id
		SET m.answered_at = x.answered`)
	if err != nil {
		return err
	}
	return indexWords(ctx, q, "TRUE ORDER BY 1, 2, 3") // in key order: the pages fill up
}

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
func indexWords(ctx context.Context, q execer, where string, args ...any) error {
	_, err := q.ExecContext(ctx, `INSERT IGNORE INTO message_words (word, created_at, message_id, project_id, author_id)
		SELECT `+wordOfToken+`, m.created_at, m.id, m.project_id, m.author_id FROM messages m, `+messageWordsSQL+`
		WHERE m.deleted_at IS NULL AND `+tokenIsWord+` AND `+where, args...)
	return err
}

// unindexWords removes a message's words, found from its current text (so before it changes).
func unindexWords(ctx context.Context, q execer, id int64) error {
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

// MessageForUpdate locks and reads a message.
func MessageForUpdate(ctx context.Context, q execer, id int64) (Message, error) {
	var locked int64
	if err := q.QueryRowContext(ctx, "SELECT id FROM messages WHERE id = ? FOR UPDATE", id).Scan(&locked); err != nil {
		return Message{}, mapErr(err)
	}
	return scanMessage(q.QueryRowContext(ctx, "SELECT "+messageColumns+" FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ?", id))
}

// MessageByID reads a message.
func (db *DB) MessageByID(ctx context.Context, id int64) (Message, error) {
	m, err := scanMessage(db.sql.QueryRowContext(ctx, "SELECT "+messageColumns+" FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ?", id))
	if err != nil {
		return m, err
	}
	err = db.attach(ctx, []*Message{&m})
	return m, err
}

// EditMessage replaces a message's text (and its search words); DeleteMessage blanks it and
// keeps the trace. Both run in the caller's transaction.
func EditMessage(ctx context.Context, q execer, id int64, body string, now time.Time) error {
	if err := unindexWords(ctx, q, id); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, "UPDATE messages SET body = ?, edited_at = ? WHERE id = ?", body, now, id); err != nil {
		return err
	}
	return indexWords(ctx, q, "m.id = ?", id)
}

// DeleteMessage marks a message deleted and removes its text and its search words.
func DeleteMessage(ctx context.Context, q execer, id int64, now time.Time) error {
	if err := unindexWords(ctx, q, id); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, "UPDATE messages SET body = '', deleted_at = ? WHERE id = ?", now, id)
	return err
}

// ProjectMessages returns a page of a conversation in order, before (exclusive) a message id
// when before > 0: the newest `limit` messages otherwise.
func (db *DB) ProjectMessages(ctx context.Context, projectID, before int64, limit int) ([]Message, error) {
	where, args := "m.project_id = ?", []any{projectID}
	if before > 0 {
		where, args = where+" AND m.id < ?", append(args, before)
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT "+messageColumns+" FROM messages m JOIN users u ON u.id = m.author_id WHERE "+where+
		" ORDER BY m.id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Oldest first, as a conversation reads.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	ptrs := make([]*Message, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, db.attach(ctx, ptrs)
}

// attach loads the attachments of messages in one query.
func (db *DB) attach(ctx context.Context, ms []*Message) error {
	if len(ms) == 0 {
		return nil
	}
	byID := map[int64]*Message{}
	ids := make([]any, 0, len(ms))
	for _, m := range ms {
		byID[m.ID] = m
		ids = append(ids, m.ID)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, COALESCE(message_id, 0), project_id, uploaded_by, file_key, file_name, content_type, size, sha256, created_at
		FROM message_attachments WHERE message_id IN (`+placeholders(len(ids))+`) ORDER BY id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return err
		}
		if m := byID[a.MessageID]; m != nil {
			m.Attachments = append(m.Attachments, a)
		}
	}
	return rows.Err()
}

func scanAttachment(row interface{ Scan(...any) error }) (Attachment, error) {
	var a Attachment
	err := row.Scan(&a.ID, &a.MessageID, &a.ProjectID, &a.UploadedBy, &a.FileKey, &a.FileName, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt)
	return a, mapErr(err)
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// InsertAttachment records an uploaded file not yet sent with a message.
func InsertAttachment(ctx context.Context, q execer, a Attachment) (int64, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO message_attachments (project_id, uploaded_by, file_key, file_name, content_type, size, sha256, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ProjectID, a.UploadedBy, a.FileKey, a.FileName, a.ContentType, a.Size, a.SHA256, a.CreatedAt)
	if err != nil {
		return 0, mapErr(err)
	}
	return res.LastInsertId()
}

// ClaimAttachments ties the uploader's pending attachments of a project to a message; it
// returns how many it tied.
func ClaimAttachments(ctx context.Context, q execer, ids []int64, messageID, projectID, uploader int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	args := []any{messageID, projectID, uploader}
	for _, id := range ids {
		args = append(args, id)
	}
	res, err := q.ExecContext(ctx, `UPDATE message_attachments SET message_id = ? WHERE message_id IS NULL AND project_id = ? AND uploaded_by = ?
		AND id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// AttachmentByID reads an attachment.
func (db *DB) AttachmentByID(ctx context.Context, id int64) (Attachment, error) {
	return scanAttachment(db.sql.QueryRowContext(ctx, `SELECT id, COALESCE(message_id, 0), project_id, uploaded_by, file_key, file_name, content_type, size, sha256, created_at
		FROM message_attachments WHERE id = ?`, id))
}

// MarkRead moves a user's read marker forward (never back).
func (db *DB) MarkRead(ctx context.Context, userID, projectID, messageID int64) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO message_reads (user_id, project_id, last_read) VALUES (?, ?, ?)
		ON DUPLICATE KEY UPDATE last_read = GREATEST(last_read, VALUES(last_read))`, userID, projectID, messageID)
	return err
}

// LastRead returns a user's read marker in a project (0: nothing read).
func (db *DB) LastRead(ctx context.Context, userID, projectID int64) (int64, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx, "SELECT last_read FROM message_reads WHERE user_id = ? AND project_id = ?", userID, projectID).Scan(&id)
	if mapErr(err) == ErrNotFound {
		return 0, nil
	}
	return id, err
}

// UnreadCap bounds each project's unread count: past it the count is UnreadCap (the dashboard
// shows « 99+ »), so that a conversation nobody opened costs no more than that to count.
const UnreadCap = 100

// UnreadCounts counts, per project, the messages others wrote after the user's read marker and
// not deleted, at most UnreadCap per project. Each project is an index-only range scan of
// ix_messages_project from its marker: MariaDB reads the marker's primary-key subquery as a
// constant before it plans the range.
func (db *DB) UnreadCounts(ctx context.Context, userID int64, projectIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(projectIDs) == 0 {
		return out, nil
	}
	// One counting subquery per project, each an index range from the read marker that stops
	// at the cap; the statement is prepared once per number of projects (the store's cache).
	parts := make([]string, 0, len(projectIDs))
	args := make([]any, 0, 4*len(projectIDs))
	for _, id := range projectIDs {
		parts = append(parts, "SELECT ?, COUNT(*) FROM (SELECT 1 FROM messages FORCE INDEX (ix_messages_project) WHERE project_id = ?"+
			" AND id > COALESCE((SELECT last_read FROM message_reads WHERE user_id = ? AND project_id = ?), 0)"+
			" AND author_id <> ? AND deleted_at IS NULL LIMIT "+strconv.Itoa(UnreadCap)+") u")
		args = append(args, id, id, userID, id, userID)
	}
	rows, err := db.sql.QueryContext(ctx, strings.Join(parts, "\nUNION ALL "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p int64
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			return nil, err
		}
		if n > 0 {
			out[p] = n
		}
	}
	return out, rows.Err()
}

// MessageFilter narrows the history of exchanges.
type MessageFilter struct {
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

type historyQuery struct {
	f        MessageFilter
	words    []string
	projects []int64 // the client's projects when the client filter applies alone
}

// sqlFor returns one branch of a stream: its ordered (created_at, id) page of n candidates, or,
// when count is set, its matches for a capped count (project 0: every branch at once).
func (h historyQuery) sqlFor(s stream, project int64, n int, count bool) (string, []any) {
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
		ids := make([]any, len(h.projects))
		for i, p := range h.projects {
			ids[i] = p
		}
		cond(proj+" IN ("+placeholders(len(ids))+")", ids...)
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
func (db *DB) candidates(ctx context.Context, h historyQuery) ([]stream, error) {
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
			for _, p := range h.projects {
				args = append(args, p)
			}
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
	if err := db.sql.QueryRowContext(ctx, "SELECT "+strings.Join(parts, ", "), args...).Scan(dest...); err != nil {
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
	rows, err := db.sql.QueryContext(ctx, "EXPLAIN "+strings.Join(parts, " UNION ALL "), args...)
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

// SearchMessages lists messages across projects, newest first (by date, then id), with their
// total up to MaxCounted. A search keeps the messages that contain every one of its words.
func (db *DB) SearchMessages(ctx context.Context, f MessageFilter) ([]MessageWithContext, int, error) {
	return db.searchMessages(ctx, f, cheapest)
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

func (db *DB) searchMessages(ctx context.Context, f MessageFilter, pick func([]stream, int) stream) ([]MessageWithContext, int, error) {
	h := historyQuery{f: f}
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
		} else if !containsID(projects, f.ProjectID) {
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
	best := pick(ss, len(h.words))

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
		if err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+cq+") capped", cargs...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	out, err := db.messagesWithContext(ctx, keys)
	return out, total, err
}

// streamPage reads the first n candidates of a stream, newest first.
func (db *DB) streamPage(ctx context.Context, h historyQuery, s stream, n int) ([]MessageCursor, error) {
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
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []MessageCursor
	for rows.Next() {
		var k MessageCursor
		if err := rows.Scan(&k.CreatedAt, &k.ID); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	if s.kind == streamClient {
		sort.Slice(keys, func(i, j int) bool { return newerThan(keys[i], keys[j]) })
	}
	return keys, rows.Err()
}

func newerThan(a, b MessageCursor) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.After(b.CreatedAt)
	}
	return a.ID > b.ID
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// clientProjects lists the ids of a client's projects.
func (db *DB) clientProjects(ctx context.Context, clientID int64) ([]int64, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT id FROM projects WHERE client_id = ?", clientID)
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
	rows, err := db.sql.QueryContext(ctx, "SELECT "+messageColumns+", p.name, p.client_id, c.name"+
		" FROM messages m JOIN projects p ON p.id = m.project_id JOIN clients c ON c.id = p.client_id JOIN users u ON u.id = m.author_id"+
		" WHERE m.id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]MessageWithContext, len(keys))
	for rows.Next() {
		var x MessageWithContext
		m, err := scanMessage(rows, &x.ProjectName, &x.ClientID, &x.ClientName)
		if err != nil {
			rows.Close()
			return nil, err
		}
		x.Message = m
		byID[m.ID] = x
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
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

// ProjectAudience returns the people of a project: its client's active users, and the staff
// (its manager, or every active admin when it has none).
func ProjectAudience(ctx context.Context, q execer, projectID int64) (clientUsers, staff []int64, err error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.role FROM users u JOIN projects p ON p.id = ?
		WHERE u.disabled_at IS NULL AND (
			(u.role = 'client' AND u.client_id = p.client_id) OR
			(u.role = 'admin' AND (u.id = p.manager_id OR p.manager_id IS NULL)))`, projectID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var role string
		if err := rows.Scan(&id, &role); err != nil {
			return nil, nil, err
		}
		if role == "client" {
			clientUsers = append(clientUsers, id)
		} else {
			staff = append(staff, id)
		}
	}
	return clientUsers, staff, rows.Err()
}

// ProjectViewers lists everyone who may see a project: its client's active users and every
// active admin.
func (db *DB) ProjectViewers(ctx context.Context, projectID int64) ([]int64, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT u.id FROM users u JOIN projects p ON p.id = ?
		WHERE u.disabled_at IS NULL AND ((u.role = 'client' AND u.client_id = p.client_id) OR u.role = 'admin')`, projectID)
	return scanIDs(rows, err)
}
