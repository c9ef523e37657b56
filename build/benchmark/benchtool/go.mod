module gotoolchain.build/benchtool

go 1.19
