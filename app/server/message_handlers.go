package server

import (
	"context"
	"io"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

type attachmentView struct {
	ID          int64  `json:"id"`
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

type messageView struct {
	ID          int64            `json:"id"`
	ProjectID   int64            `json:"project_id"`
	RetourID    *int64           `json:"retour_id"`
	AuthorID    int64            `json:"author_id"`
	AuthorName  string           `json:"author_name"`
	AuthorRole  string           `json:"author_role"`
	Body        string           `json:"body"`
	CreatedAt   time.Time        `json:"created_at"`
	Edited      bool             `json:"edited"`
	Deleted     bool             `json:"deleted"`
	Internal    bool             `json:"internal"`
	Attachments []attachmentView `json:"attachments"`
}

func viewAttachment(a portal.Attachment) attachmentView {
	return attachmentView{ID: a.ID, FileName: a.FileName, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256}
}

func viewMessage(m portal.Message) messageView {
	return messageView{ID: m.ID, ProjectID: m.ProjectID, RetourID: optID(m.RetourID), AuthorID: m.AuthorID, AuthorName: m.AuthorName, AuthorRole: m.AuthorRole,
		Body: m.Body, CreatedAt: m.CreatedAt, Edited: m.EditedAt != nil, Deleted: m.DeletedAt != nil,
		Internal: m.Internal, Attachments: mapSlice(m.Attachments, viewAttachment)}
}

func (s *Server) listMessages(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (portal.Thread, error) {
		return s.svc.ListMessages(ctx, a, id, int64(c.QueryInt("before", 0)), c.QueryInt("limit", 50))
	}, func(t portal.Thread) fiber.Map {
		return fiber.Map{"items": mapSlice(t.Messages, viewMessage), "last_read": t.LastRead, "has_more": t.HasMore}
	})
}

type postInput struct {
	Body          string  `json:"body"`
	AttachmentIDs []int64 `json:"attachment_ids"`
	Internal      bool    `json:"internal"`
}

func (s *Server) postMessage(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, true, func(ctx context.Context, a portal.Actor, id int64, in postInput) (portal.Message, error) {
		return s.svc.PostMessage(ctx, a, id, portal.MessageInput{Body: in.Body, AttachmentIDs: in.AttachmentIDs, Internal: in.Internal})
	}, viewMessage)
}

func (s *Server) markThreadRead(c *fiber.Ctx) error {
	return noContentValue(c, s, "message_id", s.svc.MarkThreadRead)
}

func (s *Server) editMessage(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, bodyValue("body", s.svc.EditMessage), viewMessage)
}

func (s *Server) deleteMessage(c *fiber.Ctx) error {
	return noContentByID(c, s, s.svc.DeleteMessage)
}

func (s *Server) uploadAttachment(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	att, err := s.svc.UploadAttachment(c.UserContext(), actor(c), id, uploadInput(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewAttachment(att))
}

func (s *Server) downloadAttachment(c *fiber.Ctx) error {
	return serve(c, s, true, byID(s.svc.OpenAttachment), func(f portal.AttachmentFile) error {
		return sendFile(c, f.File, f.Size, f.SHA256, f.FileName, f.ContentType, c.QueryBool("inline", false))
	})
}

func (s *Server) listNotifications(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, a portal.Actor, _ int64, _ none) (portal.NotificationList, error) {
		return s.svc.Notifications(ctx, a, c.QueryBool("unread", false), c.QueryInt("limit", 30))
	}, func(l portal.NotificationList) fiber.Map {
		if l.Items == nil {
			l.Items = []portal.NotificationItem{}
		}
		return fiber.Map{"unread": l.Unread, "items": l.Items}
	})
}

type notificationInput struct {
	ID int64 `json:"id"` // 0: all
}

func (s *Server) readNotifications(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, a portal.Actor, _ int64, in notificationInput) (int, error) {
		return s.svc.MarkNotificationsRead(ctx, a, in.ID)
	}, func(unread int) fiber.Map { return fiber.Map{"unread": unread} })
}

func (s *Server) notificationPrefs(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, ofActor(s.svc.NotificationPrefs), identity[portal.Prefs])
}

func (s *Server) setNotificationPrefs(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, withBody(s.svc.SetNotificationPrefs), identity[portal.Prefs])
}

type exchangeView struct {
	messageView
	ProjectName string `json:"project_name"`
	ClientID    int64  `json:"client_id"`
	ClientName  string `json:"client_name"`
}

func messageQuery(c *fiber.Ctx) portal.MessageQuery {
	return portal.MessageQuery{ClientID: int64(c.QueryInt("client_id", 0)), ProjectID: int64(c.QueryInt("project_id", 0)),
		AuthorID: int64(c.QueryInt("author_id", 0)), From: c.Query("from"), To: c.Query("to"), Search: c.Query("q"), Page: pageParams(c)}
}

func (s *Server) searchMessages(c *fiber.Ctx) error {
	// messageQuery reads the page that listed answers.
	return listed(c, s, false, func(ctx context.Context, a portal.Actor, _ int64, _ portal.Page) (portal.MessageList, error) {
		return s.svc.SearchMessages(ctx, a, messageQuery(c))
	}, func(m portal.MessageWithContext) exchangeView {
		return exchangeView{messageView: viewMessage(m.Message), ProjectName: m.ProjectName, ClientID: m.ClientID, ClientName: m.ClientName}
	})
}

func (s *Server) exportMessages(c *fiber.Ctx) error {
	return sendCSV(c, s, "echanges", func(ctx context.Context, a portal.Actor, w io.Writer) error {
		return s.svc.ExportMessages(ctx, a, messageQuery(c), w)
	})
}
