package portal

import "github.com/bigdatacenter/portal/app/store"

// The domain's entities are the store's rows; these aliases let the HTTP layer name them
// without reaching into the store.
type (
	User               = store.User
	Client             = store.Client
	MilestoneEvent     = store.MilestoneEvent
	OverdueMilestone   = store.OverdueMilestone
	Version            = store.Version
	Decision           = store.Decision
	VersionWithContext = store.VersionWithContext
	AuditEntry         = store.AuditEntry
	ChainStatus        = store.ChainStatus
	ChainBreak         = store.ChainBreak
	Message            = store.Message
	Attachment         = store.Attachment
	MessageWithContext = store.MessageWithContext
	Notification       = store.Notification
	JobRun             = store.JobRun
	MonthCount         = store.MonthCount
	ClientRank         = store.ClientRank
	Spread             = store.Spread
	RetourAge          = store.RetourAge
	RetourCounts       = store.RetourCounts
)
