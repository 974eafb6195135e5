package store

// WaitingSQL and VersionsSQL let the EXPLAIN test read the statements of « À traiter ».
var (
	WaitingSQL  = waitingSQL
	VersionsSQL = versionsSQL
)
