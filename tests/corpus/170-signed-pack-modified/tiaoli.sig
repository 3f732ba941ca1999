# tiaoli pack signature: written by `tiaoli pack sign`, checked when the pack is loaded
format = 1
pack = "water-rules"
version = "1.0.0"
issuer-zh = "水利部"
issuer-en = "Ministry of Water Resources"
archive = "water-rules-1.0.0.tar"
sha256 = "659611155f55db5edb1f8159083466148af5af6165d3ac4f006776dbe8166a64"
sm3 = "14251369103cf0414b64fcf7533e54472415eb0c779f639860f1b672f544440e"
key = "sm2:04e3042388c817884699d698fe5c5796767918b5f14386253b1c20ab6c207cb18ddaaff91fbcaa8caa6b915991acafd8d448ac95a0230ffc7c120285e4c1e3c29c"
signature = "e3d04750d02e7923b0578753b4bd9768cc908d6edfaabc9b06d210dd000eb4bf74c0cd33bae2dfdf63416d143cee59eed7edcbcfbdd40ea7b6c26df84f0b4ea9"

[files]
"parties.tiaoli" = "c64905486084f1c2915f4349c2c5d032fee27436bfe40485fcdf7b51c95416dd"
"tiaoli.toml" = "9cf8987f46ba7bd8be38731db04a016b541d3fe61b8c9a17c66d6b87266b118d"
