module gotool

go 1.21
