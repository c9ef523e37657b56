module native

go 1.21
