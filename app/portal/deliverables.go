package portal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/store"
)

// Version states.
const (
	VersionPending = "en_attente"    // En attente de validation
	VersionValid   = "valide"        // Validé
	VersionChanges = "modifications" // Modifications demandées
)

// UploadRules bound uploads (from the configuration).
type UploadRules struct {
	MaxSize int64
	Allowed []string // when not empty, the only extensions accepted
	Denied  []string
	// TransferTimeout is the longest an upload may last (server.transfer_timeout): the
	// clean-up removes temporary files untouched for longer. Zero leaves them to the start-up.
	TransferTimeout time.Duration
}

// UploadInput is one file sent by an admin. For a new deliverable, ProjectID and Title are set;
// for a new version of an existing one, DeliverableID is.
type UploadInput struct {
	ProjectID     int64
	DeliverableID int64
	MilestoneID   int64
	Title         string
	Note          string
	FileName      string
	// DeclaredSize is the Content-Length, or -1 when the client did not say.
	DeclaredSize int64
	Body         io.Reader
}

func uploadErr(code errcode.Code, params errcode.Params) *Error {
	return Invalid("file", code, params)
}

// cleanFileName keeps a safe label from what the browser sent: the base name, no control or
// format characters, no trailing dots or spaces (Windows drops them when saving, so that
// « outil.scr. » would land as « outil.scr »), at most 255 bytes.
func cleanFileName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, dropFormatChars(name))
	name = strings.TrimSpace(strings.TrimRightFunc(name, func(r rune) bool { return r == '.' || unicode.IsSpace(r) }))
	for len(name) > 255 {
		ext := filepath.Ext(name)
		name = string([]rune(strings.TrimSuffix(name, ext))[:len([]rune(strings.TrimSuffix(name, ext)))-1]) + ext
	}
	if name == "/" {
		return ""
	}
	return name
}

// extensionRefused applies the deny and allow lists to the extension the recipient's system
// will see, whatever its case.
func (r UploadRules) extensionRefused(ext string) bool {
	same := func(e string) bool { return strings.EqualFold(e, ext) }
	return slices.ContainsFunc(r.Denied, same) || (len(r.Allowed) > 0 && !slices.ContainsFunc(r.Allowed, same))
}

func (s *Service) checkUpload(in *UploadInput) error {
	in.FileName = cleanFileName(in.FileName)
	if in.FileName == "" {
		return uploadErr(errcode.UploadNoName, nil)
	}
	ext := strings.ToLower(filepath.Ext(in.FileName))
	if s.uploads.extensionRefused(ext) {
		if ext == "" {
			return uploadErr(errcode.UploadNoExtension, nil)
		}
		return uploadErr(errcode.UploadTypeRefused, errcode.Params{"ext": ext})
	}
	if in.DeclaredSize > s.uploads.MaxSize {
		return s.tooLarge()
	}
	if in.DeclaredSize == 0 {
		return uploadErr(errcode.UploadEmpty, nil)
	}
	return nil
}

func (s *Service) tooLarge() *Error {
	return &Error{Kind: KindTooLarge, Code: errcode.FileTooLarge, Field: "file", Params: errcode.Params{"max_bytes": errcode.Bytes(s.uploads.MaxSize)}}
}

// FrenchSize writes a byte count as French readers expect: « 1,5 Go ».
func FrenchSize(n int64) string { return errcode.Bytes(n).French() }

// contentTypeOf derives the type from the extension, never from what the client claimed.
func contentTypeOf(name string) string {
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Upload stores a file as a new deliverable or as the next version of one (A5). The file is on
// disk and flushed before the database row exists; if anything fails, neither stays.
func (s *Service) Upload(transfer context.Context, a Actor, in UploadInput) (DeliverableView, error) {
	ctx, cancel := s.dbDeadline(transfer)
	defer cancel()
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return DeliverableView{}, err
	}
	if err := s.checkUpload(&in); err != nil {
		return DeliverableView{}, err
	}
	var d store.Deliverable
	if in.DeliverableID != 0 {
		var err error
		if d, err = s.db.DeliverableByID(ctx, in.DeliverableID); errors.Is(err, store.ErrNotFound) {
			return DeliverableView{}, ErrNotFound
		} else if err != nil {
			return DeliverableView{}, err
		}
	} else {
		title, err := singleLine("title", errcode.LabelDeliverableTitle, in.Title, false, 200)
		if err != nil {
			return DeliverableView{}, err
		}
		if title == "" {
			title = strings.TrimSuffix(in.FileName, filepath.Ext(in.FileName))
		}
		d = store.Deliverable{ProjectID: in.ProjectID, MilestoneID: in.MilestoneID, Title: title}
		if _, err := s.db.ProjectByID(ctx, in.ProjectID); errors.Is(err, store.ErrNotFound) {
			return DeliverableView{}, ErrNotFound
		} else if err != nil {
			return DeliverableView{}, err
		}
		if in.MilestoneID != 0 {
			m, err := s.db.MilestoneByID(ctx, in.MilestoneID)
			if errors.Is(err, store.ErrNotFound) || (err == nil && m.ProjectID != in.ProjectID) {
				return DeliverableView{}, Invalid("milestone_id", errcode.MilestoneNotInProject, nil)
			}
			if err != nil {
				return DeliverableView{}, err
			}
		}
	}
	// The note travels in the query string of the upload: 1 000 characters keep it well within
	// the request's header limit.
	versionNote, err := text("note", errcode.LabelNote, in.Note, false, 1000)
	if err != nil {
		return DeliverableView{}, err
	}

	saved, err := s.files.Save(transfer, in.Body, s.uploads.MaxSize, in.DeclaredSize)
	if err != nil {
		return DeliverableView{}, s.saveErr(err)
	}
	ctx, cancel = s.dbDeadline(transfer)
	defer cancel()

	var notified []store.Notification
	me, err := s.db.UserByID(ctx, a.UserID)
	var out DeliverableView
	if err == nil {
		out, err = txAnswer(ctx, s, func(ctx context.Context) error {
			p, err := s.db.ProjectForUpdate(ctx, d.ProjectID)
			if err != nil {
				return err
			}
			now := s.now()
			if d.ID == 0 {
				if d.ID, err = s.db.InsertDeliverable(ctx, d, a.UserID, now); err != nil {
					return err
				}
			}
			_, number, err := s.db.InsertVersion(ctx, store.Version{DeliverableID: d.ID, ProjectID: d.ProjectID, FileKey: saved.Key,
				FileName: in.FileName, ContentType: contentTypeOf(in.FileName), Size: saved.Size, SHA256: saved.SHA256, Note: versionNote}, a.UserID, now)
			if err != nil {
				return err
			}
			if d.MilestoneID != 0 {
				if err := s.moveMilestone(ctx, d.MilestoneID, StepDelivered, a.UserID, me.Name, now); err != nil {
					return err
				}
				if err := s.db.RecomputeProjectCounters(ctx, p.ID, now); err != nil {
					return err
				}
			}
			clients, _, err := s.db.ProjectAudience(ctx, p.ID)
			if err != nil {
				return err
			}
			if notified, err = s.notify(ctx, a, clients, note{kind: NoteDeliverable, params: NoteParams{ProjectID: p.ID, Project: p.Name,
				DeliverableID: d.ID, Deliverable: d.Title, Version: number, File: in.FileName, Size: saved.Size}}); err != nil {
				return err
			}
			return s.db.InsertAudit(ctx, a.audit(s, "deliverable.upload", "deliverable", d.ID, p.ClientID, "success",
				fmt.Sprintf("« %s » v%d: %s, %d bytes, sha256 %s", d.Title, number, in.FileName, saved.Size, saved.SHA256)))
		}, func(ctx context.Context) (DeliverableView, error) {
			return s.deliverableView(ctx, d.ID)
		})
	}
	if err != nil {
		s.dropUpload(err, saved.Key)
		return DeliverableView{}, err
	}
	s.announce(ctx, notified, s.projectViewers(ctx, d.ProjectID), "project", map[string]int64{"project_id": d.ProjectID})
	return out, nil
}

// moveMilestone changes a milestone's state in the transaction of ctx and writes its history line; nothing
// happens when it is already there.
func (s *Service) moveMilestone(ctx context.Context, id int64, state string, by int64, byName string, now time.Time) error {
	m, err := s.db.MilestoneIn(ctx, id)
	if err != nil {
		return err
	}
	if m.State == state {
		return nil
	}
	if err := s.db.SetMilestoneState(ctx, id, state, by, now); err != nil {
		return err
	}
	kind := map[string]string{StepDelivered: "delivered", StepValidated: "validated"}[state]
	if kind == "" && (m.State == StepDelivered || m.State == StepValidated) {
		kind = "reopened"
	}
	if kind == "" {
		return nil
	}
	return s.db.InsertMilestoneEvent(ctx, store.MilestoneEvent{ProjectID: m.ProjectID, MilestoneID: id, Kind: kind, At: now,
		ByUserID: by, ByName: byName, Title: m.Title})
}

// DeliverableView is a deliverable with its versions (newest first) and their decisions.
type DeliverableView struct {
	store.Deliverable
	Versions  []store.Version
	Decisions map[int64][]store.Decision // by version id
}

func (s *Service) deliverableView(ctx context.Context, id int64) (DeliverableView, error) {
	d, err := s.db.DeliverableByID(ctx, id)
	if err != nil {
		return DeliverableView{}, err
	}
	_, versions, decisions, err := s.db.DeliverablesOf(ctx, d.ProjectID)
	return DeliverableView{Deliverable: d, Versions: versions[id], Decisions: decisions}, err
}

// ProjectDeliverables lists a project's deliverables for someone who may see the project.
func (s *Service) ProjectDeliverables(ctx context.Context, a Actor, projectID int64) ([]DeliverableView, error) {
	if _, err := s.loadProject(ctx, a, projectID); err != nil {
		return nil, err
	}
	ds, versions, decisions, err := s.db.DeliverablesOf(ctx, projectID)
	if err != nil {
		return nil, err
	}
	out := make([]DeliverableView, 0, len(ds))
	for _, d := range ds {
		out = append(out, DeliverableView{Deliverable: d, Versions: versions[d.ID], Decisions: decisions})
	}
	return out, nil
}

// loadVersion reads a version the actor may see: another client's answers as a missing one.
func (s *Service) loadVersion(ctx context.Context, a Actor, id int64) (store.Version, store.Project, error) {
	v, err := found(s.db.VersionByID(ctx, id))
	if err != nil {
		return v, store.Project{}, err
	}
	p, err := s.loadProject(ctx, a, v.ProjectID)
	return v, p, err
}

// VersionFile is an open file to send, with what the response needs to describe it.
type VersionFile struct {
	store.Version
	File storage.Object
}

// OpenVersion opens a version's file for a download (C4), after the same check as every other
// route: load the version, take its project from the row, then decide.
func (s *Service) OpenVersion(ctx context.Context, a Actor, id int64) (VersionFile, error) {
	v, _, err := s.loadVersion(ctx, a, id)
	if err != nil {
		return VersionFile{}, err
	}
	f, err := s.files.Get(ctx, v.FileKey)
	if err != nil {
		s.log.Error("a deliverable's file is missing", "version", v.ID, "key", v.FileKey, "err", err)
		return VersionFile{}, newErr(KindInternal, errcode.FileMissing, nil)
	}
	return VersionFile{Version: v, File: f}, nil
}

// RecordDownload notes who downloaded which version, in the audit log that admins read.
func (s *Service) RecordDownload(ctx context.Context, a Actor, v store.Version) {
	p, err := s.db.ProjectByID(ctx, v.ProjectID)
	if err != nil {
		return
	}
	e := a.audit(s, "deliverable.download", "version", v.ID, p.ClientID, "success", fmt.Sprintf("%s v%d", v.FileName, v.Number))
	if err := s.db.InsertAudit(ctx, e); err != nil {
		s.log.Error("recording a download", "err", err)
	}
}

// Decide records a client's validation or change request on the latest version of a
// deliverable (C5). The decision keeps the SHA-256 of the exact bytes decided on; a later
// decision is a new entry, never an edit.
func (s *Service) Decide(ctx context.Context, a Actor, versionID int64, decision, comment string) (DeliverableView, error) {
	if err := s.authorize(ctx, a, ActDecideDeliverables); err != nil {
		return DeliverableView{}, err
	}
	v, p, err := s.loadVersion(ctx, a, versionID)
	if err != nil {
		return DeliverableView{}, err
	}
	if decision != VersionValid && decision != VersionChanges {
		return DeliverableView{}, Invalid("decision", errcode.DecisionUnknown, nil)
	}
	comment, err = text("comment", errcode.LabelComment, comment, decision == VersionChanges, 5000)
	if err != nil {
		if decision == VersionChanges && strings.TrimSpace(comment) == "" {
			return DeliverableView{}, Invalid("comment", errcode.ChangesNeedComment, nil)
		}
		return DeliverableView{}, err
	}
	me, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return DeliverableView{}, err
	}
	var notified []store.Notification
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		d, err := s.db.DeliverableForUpdate(ctx, v.DeliverableID)
		if err != nil {
			return err
		}
		latest, err := s.db.LatestVersionNumber(ctx, d.ID)
		if err != nil {
			return err
		}
		if latest != v.Number {
			return newErr(KindConflict, errcode.VersionSuperseded, errcode.Params{"latest": latest})
		}
		if _, err := s.db.ProjectForUpdate(ctx, p.ID); err != nil {
			return err
		}
		now := s.now()
		if err := s.db.InsertDecision(ctx, store.Decision{VersionID: v.ID, DeliverableID: d.ID, Decision: decision, Comment: comment,
			SHA256: v.SHA256, ByUserID: a.UserID, ByName: me.Name, At: now}); err != nil {
			return err
		}
		if err := s.db.SetVersionStatus(ctx, v.ID, decision, now); err != nil {
			return err
		}
		if d.MilestoneID != 0 {
			// A validated deliverable validates its step; a change request sends the step back to work.
			state := StepValidated
			if decision == VersionChanges {
				state = StepStarted
			}
			if err := s.moveMilestone(ctx, d.MilestoneID, state, a.UserID, me.Name, now); err != nil {
				return err
			}
			if err := s.db.RecomputeProjectCounters(ctx, p.ID, now); err != nil {
				return err
			}
		}
		// What the client asks for at validation is kept as a retour on this version, followed to
		// its closure like any other.
		var retourID int64
		if decision == VersionChanges {
			if retourID, err = s.changeRequestRetour(ctx, a, p, me.Name, d, v, comment); err != nil {
				return err
			}
		}
		_, staff, err := s.db.ProjectAudience(ctx, p.ID)
		if err != nil {
			return err
		}
		if notified, err = s.notify(ctx, a, staff, note{kind: NoteDecision, params: NoteParams{ProjectID: p.ID, Project: p.Name,
			Author: me.Name, DeliverableID: d.ID, Deliverable: d.Title, Version: v.Number, Decision: decision, Comment: comment,
			RetourID: retourID}}); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "deliverable.decision", "version", v.ID, p.ClientID, "success",
			fmt.Sprintf("« %s » v%d: %s (sha256 %s)", d.Title, v.Number, decision, v.SHA256)))
	}, func(ctx context.Context) (DeliverableView, error) {
		return s.deliverableView(ctx, v.DeliverableID)
	})
	if err != nil {
		return DeliverableView{}, err
	}
	s.announce(ctx, notified, s.projectViewers(ctx, p.ID), "project", map[string]int64{"project_id": p.ID})
	return out, nil
}

// DeleteVersion removes a version and its file; a validated version is the record of an
// agreement and stays.
func (s *Service) DeleteVersion(ctx context.Context, a Actor, versionID int64) error {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return err
	}
	var key string
	err := s.db.Tx(ctx, func(ctx context.Context) error {
		v, err := found(s.db.VersionForUpdate(ctx, versionID))
		if err != nil {
			return err
		}
		if v.Status == VersionValid {
			return newErr(KindConflict, errcode.VersionValidated, nil)
		}
		p, err := s.db.ProjectForUpdate(ctx, v.ProjectID)
		if err != nil {
			return err
		}
		if _, err := s.db.DeleteVersion(ctx, v, s.now()); err != nil {
			return err
		}
		key = v.FileKey
		return s.db.InsertAudit(ctx, a.audit(s, "deliverable.delete", "version", v.ID, p.ClientID, "success",
			fmt.Sprintf("%s v%d deleted (sha256 %s)", v.FileName, v.Number, v.SHA256)))
	})
	if err != nil {
		return err
	}
	// The row is gone first: a crash now leaves an unreferenced file, never a row without its file.
	if err := s.files.Remove(key); err != nil {
		s.log.Error("removing a deleted version's file", "key", key, "err", err)
	}
	return nil
}

// LatestVersions lists the newest versions the actor may see (the client dashboard's "derniers
// livrables"), or, with pending, the versions awaiting a decision, longest waiting first.
func (s *Service) LatestVersions(ctx context.Context, a Actor, pending bool, limit int) ([]store.VersionWithContext, error) {
	act := ActViewProjects
	if pending {
		act = ActManageProjects // the staff's follow-up list of validations awaited
	}
	if err := s.authorize(ctx, a, act); err != nil {
		return nil, err
	}
	clientID := int64(0)
	if a.Role != RoleAdmin {
		clientID = a.ClientID
	}
	status := ""
	if pending {
		status = VersionPending
	}
	return s.db.LatestVersions(ctx, clientID, status, min(max(limit, 1), 100))
}

// VersionDownloads lists who downloaded a version (admins).
func (s *Service) VersionDownloads(ctx context.Context, a Actor, versionID int64) ([]store.AuditEntry, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return nil, err
	}
	if _, err := s.db.VersionByID(ctx, versionID); errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	return s.db.ListAudit(ctx, store.AuditFilter{Action: "deliverable.download", TargetType: "version", TargetID: versionID, Limit: 500})
}
