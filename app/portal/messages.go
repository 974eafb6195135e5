package portal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/bigdatacenter/portal/app/files"
	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/store"
)

// editWindow is how long authors may edit or delete their own message.
const editWindow = 15 * time.Minute

// Thread is a page of a project's conversation.
type Thread struct {
	Messages []store.Message
	// LastRead is the reader's marker before this read: messages after it are new to them.
	LastRead int64
	HasMore  bool
}

// ListMessages returns the newest messages (or those before a message id) and, for the newest
// page, moves the reader's marker to the end (C6).
func (s *Service) ListMessages(ctx context.Context, a Actor, projectID, before int64, limit int) (Thread, error) {
	if _, err := s.loadProject(ctx, a, projectID); err != nil {
		return Thread{}, err
	}
	return s.readThread(ctx, a, projectID, 0, before, limit)
}

// readThread reads a page of a thread (the project's conversation, or a retour's) with the
// reader's marker before this read and, for the newest page, moves the marker to its end.
func (s *Service) readThread(ctx context.Context, a Actor, projectID, retourID, before int64, limit int) (Thread, error) {
	t, err := s.threadPage(ctx, projectID, retourID, before, limit, a.IsAdmin())
	if err != nil {
		return t, err
	}
	ms := t.Messages
	if retourID != 0 {
		t.LastRead, err = s.db.RetourLastRead(ctx, a.UserID, retourID)
	} else {
		t.LastRead, err = s.db.LastRead(ctx, a.UserID, projectID)
	}
	if err != nil {
		return t, err
	}
	// Only a marker that moves forward is written: re-reading a thread costs no write.
	if before == 0 && len(ms) > 0 && ms[len(ms)-1].ID > t.LastRead {
		if err := s.markRead(ctx, a.UserID, projectID, retourID, ms[len(ms)-1].ID); err != nil {
			return t, err
		}
	}
	return t, nil
}

// markRead moves a reader's marker in a thread: the conversation's, or a retour's (each its own,
// so that reading one never marks the other read).
func (s *Service) markRead(ctx context.Context, userID, projectID, retourID, messageID int64) error {
	if retourID != 0 {
		return s.db.MarkRetourRead(ctx, userID, retourID, messageID)
	}
	return s.db.MarkRead(ctx, userID, projectID, messageID)
}

// threadPage reads a page of a thread (the project's conversation, or a retour's): at most
// limit messages before a message id (the newest without one), and whether there are older;
// internal notes for staff readers only.
func (s *Service) threadPage(ctx context.Context, projectID, retourID, before int64, limit int, withInternal bool) (Thread, error) {
	limit = min(max(limit, 1), 100)
	ms, err := s.db.ProjectMessages(ctx, projectID, retourID, before, limit+1, withInternal)
	if err != nil {
		return Thread{}, err
	}
	t := Thread{HasMore: len(ms) > limit}
	if t.HasMore {
		ms = ms[1:]
	}
	t.Messages = ms
	return t, nil
}

// MarkThreadRead moves the reader's marker to a message of the thread that the reader may see
// (when the live thread shows it).
func (s *Service) MarkThreadRead(ctx context.Context, a Actor, projectID, messageID int64) error {
	if _, err := s.loadProject(ctx, a, projectID); err != nil {
		return err
	}
	m, err := s.visibleMessage(ctx, a, messageID, projectID)
	if err != nil {
		return err
	}
	return s.markRead(ctx, a.UserID, projectID, m.RetourID, messageID)
}

// visibleMessage reads a message that the actor may see (its project already checked): an
// internal note is a missing message to a client, as another client's message is, so that
// nothing tells a client that a note exists. projectID 0 accepts any project.
func (s *Service) visibleMessage(ctx context.Context, a Actor, id, projectID int64) (store.Message, error) {
	m, err := s.db.MessageByID(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return m, ErrNotFound
	case err != nil:
		return m, err
	case projectID != 0 && m.ProjectID != projectID, m.Internal && !a.IsAdmin():
		return store.Message{}, ErrNotFound
	}
	return m, nil
}

// messageViewers are who may see a message's live events: the project's viewers, or the staff
// alone for an internal note.
func (s *Service) messageViewers(ctx context.Context, projectID int64, internal bool) []int64 {
	if !internal {
		return s.projectViewers(ctx, projectID)
	}
	ids, err := s.db.ActiveAdmins(ctx)
	if err != nil {
		s.log.Warn("listing the staff", "err", err)
	}
	return ids
}

func messageText(body string, required bool) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if required && body == "" {
		return "", Invalid("body", errcode.MessageEmpty, nil)
	}
	return text("body", errcode.LabelMessage, body, false, 10000)
}

// MessageInput is a message to post: its text, the files uploaded for it, and whether it is an
// internal note (staff only, never shown to the client).
type MessageInput struct {
	Body          string
	AttachmentIDs []int64
	Internal      bool
}

// errInternalStaffOnly refuses an internal note from a client user.
var errInternalStaffOnly = newErr(KindForbidden, errcode.InternalStaffOnly, nil)

// PostMessage adds a message to a project's conversation and notifies its people: the staff
// alone for an internal note, which answers no client message either.
func (s *Service) PostMessage(ctx context.Context, a Actor, projectID int64, in MessageInput) (store.Message, error) {
	p, err := s.loadProject(ctx, a, projectID)
	if err != nil {
		return store.Message{}, err
	}
	return s.postMessage(ctx, a, p, nil, in)
}

// postMessage adds a message to a thread of a project the actor may see: its conversation
// (everyone of the project is notified), or a retour's when r is set (the other side is); an
// internal note is the staff's alone, in either.
func (s *Service) postMessage(ctx context.Context, a Actor, p store.Project, r *store.Retour, in MessageInput) (store.Message, error) {
	if in.Internal && !a.IsAdmin() {
		return store.Message{}, errInternalStaffOnly
	}
	attachmentIDs := in.AttachmentIDs
	body, err := messageText(in.Body, len(attachmentIDs) == 0)
	if err != nil {
		return store.Message{}, err
	}
	me, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return store.Message{}, err
	}
	var retourID int64
	if r != nil {
		retourID = r.ID
	}
	var id int64
	var m store.Message
	var notified []store.Notification
	err = s.db.Tx(ctx, func(ctx context.Context) error {
		// The clock is read once the conversation is ours: times follow the order of the posts.
		if _, err := s.db.LockConversation(ctx, p.ID); err != nil {
			return err
		}
		now := s.now()
		if id, err = s.db.InsertMessage(ctx, store.Message{ProjectID: p.ID, RetourID: retourID, AuthorID: a.UserID, Body: body, CreatedAt: now,
			Internal: in.Internal}); err != nil {
			return err
		}
		n, err := s.db.ClaimAttachments(ctx, attachmentIDs, id, p.ID, a.UserID)
		if err != nil {
			return err
		}
		if n != int64(len(attachmentIDs)) {
			return Invalid("attachment_ids", errcode.AttachmentUnavailable, nil)
		}
		if notified, err = s.notifyPost(ctx, a, p, r, me.Name, id, body, in.Internal); err != nil {
			return err
		}
		// The author has read its own message.
		if err := s.markRead(ctx, a.UserID, p.ID, retourID, id); err != nil {
			return err
		}
		m, err = s.db.MessageByID(ctx, id)
		return err
	})
	if err != nil {
		return store.Message{}, err
	}
	s.announce(ctx, notified, s.messageViewers(ctx, p.ID, in.Internal), "message", messageEvent(m))
	return m, nil
}

// notifyPost notifies whoever a new message concerns: in the conversation, everyone of the
// project; in a retour's thread, the other side; an internal note, the staff alone.
func (s *Service) notifyPost(ctx context.Context, a Actor, p store.Project, r *store.Retour, author string, id int64, body string, internal bool) ([]store.Notification, error) {
	if r != nil && !internal {
		return s.notifyRetour(ctx, a, p, NoteParams{RetourID: r.ID, Retour: r.Title, Event: "message", Author: author,
			MessageID: id, Excerpt: excerpt(body)})
	}
	clients, staff, err := s.db.ProjectAudience(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if internal {
		clients = nil
	}
	n := note{kind: NoteMessage, params: NoteParams{ProjectID: p.ID, Project: p.Name, Author: author, MessageID: id, Excerpt: excerpt(body),
		Internal: internal}}
	if r != nil {
		n = note{kind: NoteRetour, params: NoteParams{ProjectID: p.ID, Project: p.Name, RetourID: r.ID, Retour: r.Title, Event: "message",
			Author: author, MessageID: id, Excerpt: excerpt(body), Internal: internal}}
	}
	return s.notify(ctx, a, append(clients, staff...), n)
}

// messageEvent is the live event of a message added or changed: a retour's thread and the
// project's conversation tell theirs apart by retour_id.
func messageEvent(m store.Message) map[string]int64 {
	return map[string]int64{"project_id": m.ProjectID, "message_id": m.ID, "retour_id": m.RetourID}
}

// changeMessage loads a message its author (or an admin) may still change.
func (s *Service) changeMessage(ctx context.Context, a Actor, id int64) (store.Message, error) {
	m, err := found(s.db.MessageForUpdate(ctx, id))
	if err != nil {
		return m, err
	}
	if _, err := s.loadProject(ctx, a, m.ProjectID); err != nil {
		return m, err
	}
	if m.Internal && !a.IsAdmin() {
		return store.Message{}, ErrNotFound
	}
	if a.Role != RoleAdmin && m.AuthorID != a.UserID {
		return m, newErr(KindForbidden, errcode.NotAuthor, nil)
	}
	if m.DeletedAt != nil {
		return m, newErr(KindConflict, errcode.MessageDeleted, nil)
	}
	if a.Role != RoleAdmin && s.now().Sub(m.CreatedAt) > editWindow {
		return m, newErr(KindConflict, errcode.EditWindowOver, errcode.Params{"minutes": int(editWindow.Minutes())})
	}
	return m, nil
}

// EditMessage replaces a message's text; the change shows as « modifié » and is audited.
func (s *Service) EditMessage(ctx context.Context, a Actor, id int64, body string) (store.Message, error) {
	if err := s.authorize(ctx, a, ActViewProjects); err != nil {
		return store.Message{}, err
	}
	body, err := messageText(body, true)
	if err != nil {
		return store.Message{}, err
	}
	var m store.Message
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		if m, err = s.changeMessage(ctx, a, id); err != nil {
			return err
		}
		if err := s.db.EditMessage(ctx, id, body, s.now()); err != nil {
			return err
		}
		p, err := s.db.ProjectByID(ctx, m.ProjectID)
		if err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "message.edit", "message", id, p.ClientID, "success", "message edited"))
	}, func(ctx context.Context) (store.Message, error) {
		return s.db.MessageByID(ctx, id)
	})
	if err != nil {
		return store.Message{}, err
	}
	s.live.Publish(s.messageViewers(ctx, m.ProjectID, m.Internal), "message", messageEvent(m))
	return out, nil
}

// DeleteMessage removes a message's text and leaves « message supprimé » in the thread.
func (s *Service) DeleteMessage(ctx context.Context, a Actor, id int64) error {
	if err := s.authorize(ctx, a, ActViewProjects); err != nil {
		return err
	}
	var m store.Message
	err := s.db.Tx(ctx, func(ctx context.Context) error {
		var err error
		if m, err = s.changeMessage(ctx, a, id); err != nil {
			return err
		}
		if err := s.db.DeleteMessage(ctx, id, s.now()); err != nil {
			return err
		}
		p, err := s.db.ProjectByID(ctx, m.ProjectID)
		if err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "message.delete", "message", id, p.ClientID, "success", "message deleted"))
	})
	if err == nil {
		s.live.Publish(s.messageViewers(ctx, m.ProjectID, m.Internal), "message", messageEvent(m))
	}
	return err
}

// UploadAttachment stores a file to send with the actor's next message in a project.
func (s *Service) UploadAttachment(transfer context.Context, a Actor, projectID int64, in UploadInput) (store.Attachment, error) {
	ctx, cancel := s.dbDeadline(transfer)
	defer cancel()
	p, err := s.loadProject(ctx, a, projectID)
	if err != nil {
		return store.Attachment{}, err
	}
	if err := s.checkUpload(&in); err != nil {
		return store.Attachment{}, err
	}
	saved, err := s.files.Save(transfer, in.Body, s.uploads.MaxSize, in.DeclaredSize)
	if err != nil {
		return store.Attachment{}, s.saveErr(err)
	}
	ctx, cancel = s.dbDeadline(transfer)
	defer cancel()
	att := store.Attachment{ProjectID: projectID, UploadedBy: a.UserID, FileKey: saved.Key, FileName: in.FileName,
		ContentType: contentTypeOf(in.FileName), Size: saved.Size, SHA256: saved.SHA256, CreatedAt: s.now()}
	err = s.db.Tx(ctx, func(ctx context.Context) error {
		if att.ID, err = s.db.InsertAttachment(ctx, att); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "message.attachment_upload", "attachment", att.ID, p.ClientID, "success",
			fmt.Sprintf("%s, %d bytes, sha256 %s", att.FileName, att.Size, att.SHA256)))
	})
	if err != nil {
		s.dropUpload(err, saved.Key)
		return store.Attachment{}, err
	}
	return att, nil
}

// AttachmentFile is an open attachment to send.
type AttachmentFile struct {
	store.Attachment
	File storage.Object
}

// OpenAttachment opens a message's (or a retour's) file for someone who may see the project; a
// file not yet sent is visible to its uploader only.
func (s *Service) OpenAttachment(ctx context.Context, a Actor, id int64) (AttachmentFile, error) {
	att, err := found(s.db.AttachmentByID(ctx, id))
	if err != nil {
		return AttachmentFile{}, err
	}
	p, err := s.loadProject(ctx, a, att.ProjectID)
	if err != nil {
		return AttachmentFile{}, err
	}
	if att.MessageID == 0 && att.RetourID == 0 && att.UploadedBy != a.UserID || att.Internal && !a.IsAdmin() {
		return AttachmentFile{}, ErrNotFound
	}
	f, err := s.files.Get(ctx, att.FileKey)
	if err != nil {
		return AttachmentFile{}, newErr(KindInternal, errcode.FileMissing, nil)
	}
	if err := s.db.InsertAudit(ctx, a.audit(s, "message.attachment_download", "attachment", id, p.ClientID, "success", att.FileName)); err != nil {
		s.log.Error("recording a download", "err", err)
	}
	return AttachmentFile{Attachment: att, File: f}, nil
}

// dropUpload removes the file of an upload whose transaction failed, unless its commit may have
// happened: a row would then name a missing file, where a stray file only costs its space.
func (s *Service) dropUpload(txErr error, key string) {
	if errors.Is(txErr, store.ErrCommitUncertain) {
		s.log.Warn("keeping the file of an upload whose commit is uncertain", "key", key, "err", txErr)
		return
	}
	if err := s.files.Remove(key); err != nil {
		s.log.Error("removing the file of a failed upload", "key", key, "err", err)
	}
}

// saveErr turns a storage failure into the user's explanation.
func (s *Service) saveErr(err error) error {
	switch {
	case errors.Is(err, files.ErrTooLarge):
		return s.tooLarge()
	case errors.Is(err, files.ErrEmpty):
		return uploadErr(errcode.UploadEmpty, nil)
	case errors.Is(err, files.ErrDiskFull):
		s.log.Error("upload refused: disk full", "err", err)
		return &Error{Kind: KindNoSpace, Code: errcode.DiskFull, Field: "file"}
	case errors.Is(err, storage.ErrUnavailable):
		s.log.Error("upload failed: the file store", "err", err)
		return &Error{Kind: KindUnavailable, Code: errcode.Unavailable, Field: "file", RetryAfter: 5 * time.Second}
	default:
		s.log.Info("upload interrupted", "err", err)
		return uploadErr(errcode.UploadInterrupted, nil)
	}
}

// MessageQuery filters the history of exchanges (A6).
type MessageQuery struct {
	ClientID, ProjectID, AuthorID int64
	From, To                      string // YYYY-MM-DD, inclusive
	Search                        string
	Page                          Page
}

func (q MessageQuery) history(db *store.DB) (*store.HistoryQuery, error) {
	if len(store.SearchWords(q.Search)) > store.MaxSearchWords {
		return nil, Invalid("q", errcode.SearchTooManyWords, errcode.Params{"max": store.MaxSearchWords})
	}
	from, to, err := dayRange(q.From, q.To)
	if err != nil {
		return nil, err
	}
	return db.History().WithClient(q.ClientID).WithProject(q.ProjectID).WithAuthor(q.AuthorID).
		WithPeriod(from, to).WithSearch(q.Search), nil
}

// MessageList is a page of the history of exchanges.
type MessageList = List[store.MessageWithContext]

// SearchMessages lists every exchange, filtered, searched by words (admins). A page reads a
// bounded part of the word or filter index it starts from, so unlike the export it does not
// wait for the slot of heavy queries (a statistics computation would hold it for seconds).
func (s *Service) SearchMessages(ctx context.Context, a Actor, q MessageQuery) (MessageList, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return MessageList{}, err
	}
	hq, err := q.history(s.db)
	if err != nil {
		return MessageList{}, err
	}
	var l MessageList
	l.Items, l.Total, err = hq.WithPage(q.Page.bounds()).Messages(ctx)
	return l, err
}

// ExportMessages writes the filtered history as CSV, page by page, without holding it all.
func (s *Service) ExportMessages(ctx context.Context, a Actor, q MessageQuery, w io.Writer) error {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return err
	}
	hq, err := q.history(s.db)
	if err != nil {
		return err
	}
	export := csvExport{name: "messages", columns: messageExportColumns, action: "message.export", clientID: q.ClientID,
		summary: "history of exchanges exported as CSV"}
	return s.heavy(ctx, func() error { return s.writeExport(ctx, a, w, export, messageRows(ctx, hq, s.tz)) })
}

var messageExportColumns = []string{"at", "client", "project", "author", "role", "body", "edited", "internal"}

// messageRows writes the history that hq finds, page by page from where the last one ended (not
// by offset: each page costs the same), without holding it all.
func messageRows(ctx context.Context, hq *store.HistoryQuery, tz *time.Location) func(exportWriter) error {
	return func(w exportWriter) error {
		yes := w.word("exports.yes")
		const limit = 500
		hq.WithPage(limit, 0)
		for {
			items, _, err := hq.Messages(ctx)
			if err != nil {
				return err
			}
			if len(items) > 0 {
				last := items[len(items)-1]
				hq.Before(store.MessageCursor{CreatedAt: last.CreatedAt, ID: last.ID})
			}
			for _, m := range items {
				edited, internal := "", ""
				if m.EditedAt != nil {
					edited = yes
				}
				if m.Internal {
					internal = yes
				}
				w.Row(m.CreatedAt.In(tz).Format("2006-01-02 15:04"), m.ClientName, m.ProjectName, m.AuthorName, m.AuthorRole, m.Body, edited, internal)
			}
			if len(items) < limit {
				return nil
			}
		}
	}
}
