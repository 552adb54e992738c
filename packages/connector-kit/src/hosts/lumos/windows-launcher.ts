/**
 * `main.exe` of a Windows on-prem package: a small launcher that runs `runtime\\node.exe app\\main.mjs` with
 * its own arguments, passing the standard handles on and returning node's exit code (see
 * `windows-launcher.s`, the source of its code). Built here as a PE32+ console image: headers written by
 * {@link windowsLauncherExe}, the code section assembled from `windows-launcher.s` and embedded below.
 */

/**
 * The assembled `.text` section of `windows-launcher.s` (GNU as, then `objcopy -O binary -j .text`); the
 * test assembles the source again and compares.
 */
export const WINDOWS_LAUNCHER_TEXT_HEX = [
  "e90b03000000000000000000000000004010000000000000000000008e120000d01000000000000000000000000000000000",
  "000000000000000000000000000058110000000000006e1100000000000080110000000000009011000000000000a4110000",
  "00000000b611000000000000ca11000000000000e411000000000000001200000000000018120000000000002a1200000000",
  "00003a1200000000000048120000000000005e12000000000000741200000000000080120000000000000000000000000000",
  "000000000000000058110000000000006e1100000000000080110000000000009011000000000000a411000000000000b611",
  "000000000000ca11000000000000e411000000000000001200000000000018120000000000002a120000000000003a120000",
  "0000000048120000000000005e1200000000000074120000000000008012000000000000000000000000000000004765744d",
  "6f64756c6546696c654e616d655700900000476574436f6d6d616e644c696e655700000047657453746448616e646c650090",
  "000047657443757272656e7450726f636573730000004475706c696361746548616e646c650000004372656174654a6f624f",
  "626a6563745700900000536574496e666f726d6174696f6e4a6f624f626a65637400000041737369676e50726f6365737354",
  "6f4a6f624f626a65637400900000536574436f6e736f6c654374726c48616e646c657200000043726561746550726f636573",
  "735700900000526573756d6554687265616400900000436c6f736548616e646c6500000057616974466f7253696e676c654f",
  "626a65637400000047657445786974436f646550726f6365737300900000577269746546696c650000004578697450726f63",
  "657373004b45524e454c33322e646c6c0090720075006e00740069006d0065005c006e006f00640065002e00650078006500",
  "00006100700070005c006d00610069006e002e006d006a00730000006d61696e2e6578653a2063616e6e6f74207374617274",
  "2072756e74696d655c6e6f64652e657865206e65787420746f2069740d0a0f1f40004881ec98000000488d0ddf020000ba01",
  "000000ff15e7fdffff31c931d2ff15c5fdffff4989c74885c07425c7058b0d0500002000004c89f9ba090000004c8d056c0d",
  "050041b990000000ff15a0fdffff31c9488d15970c000041b800800000ff155bfdffff85c00f84110200003dbc7f00000f83",
  "06020000488d35710c00004889f70fb70685c074134883c60283f85c740583f82f75eb4889f7ebe6488d1d4d0c010066c703",
  "22004883c302e809020000488d35d4feffffe81a020000c703220020004883c30466c70322004883c302e8e5010000488d35",
  "d2feffffe8f601000066c70322004883c302ff15d8fcffff4889c60fb70683f82275164883c6020fb70685c074224883c602",
  "83f82275f0eb170fb70685c0741083f820740b83f80974064883c602ebe9e8aa01000066c70300004889fb488d3550feffff",
  "e89601000066c70300004c8d25a30b050041c704246800000041c744243c0001000041bdf6ffffff4d8d7424504489e9ff15",
  "5efcffff4885c0744c4883f8ff74464889442470ff1550fcffff4889c1488b5424704989c04d89f148c74424200000000048",
  "c74424280100000048c744243002000000ff1529fcffff85c07508488b4424704989064983c60841ffcd4183fdf37599488d",
  "0d190b0000488d15120b01004531c04531c948c74424200100000048c74424280400000048c74424300000000048c7442438",
  "000000004c89642440488d055c0b05004889442448ff15e9fbffff85c0745b4c8d25460b05004d85ff740d4c89f9498b1424",
  "ff15bcfbffff498b4c2408ff15c9fbffff498b4c2408ff15c6fbffff498b0c24baffffffffff15bffbffff498b0c24488d15",
  "ec0b0500ff15b6fbffff8b0de00b0500ff15bafbffffb9f4ffffffff1547fbffff4889c1488d1535fdffff41b8340000004c",
  "8d0db00b050048c744242000000000ff1581fbffffb901000000ff157efbffff488d352f0a00004839fe7310668b06668903",
  "4883c6024883c302ebebc3668b066685c0740d6689034883c6024883c302ebebc3b801000000c3",
].join("");

/** Where the source puts the import directory and the import address table (offsets in `.text`). */
const IMPORT_DIRECTORY = { offset: 0x10, size: 40 };
const IMPORT_ADDRESS_TABLE = { offset: 0xd0, size: 17 * 8 };
/** The source's zero-filled buffers, after `.text`: 0x50200 bytes. */
const BSS_SIZE = 0x50200;

const IMAGE_BASE = 0x1_4000_0000n;
const SECTION_ALIGNMENT = 0x1000;
const FILE_ALIGNMENT = 0x200;
const TEXT_RVA = 0x1000;
const BSS_RVA = 0x2000;

const align = (value: number, to: number) => Math.ceil(value / to) * to;

/**
 * The launcher as a Windows x86-64 console executable (PE32+, image base 0x140000000, no relocations, two
 * sections: `.text` read/execute, `.bss` read/write). The bytes are always the same (no timestamp).
 */
export function windowsLauncherExe(): Uint8Array {
  const text = Buffer.from(WINDOWS_LAUNCHER_TEXT_HEX, "hex");
  if (text.length > SECTION_ALIGNMENT) throw new Error("The Windows launcher's code must fit in one page");
  const headersSize = FILE_ALIGNMENT;
  const textRaw = align(text.length, FILE_ALIGNMENT);
  const image = Buffer.alloc(headersSize + textRaw, 0);

  // DOS header: only the magic and the offset of the PE header matter.
  image.write("MZ", 0, "latin1");
  image.writeUInt32LE(0x40, 0x3c);

  let at = 0x40;
  image.write("PE\0\0", at, "latin1");
  at += 4;
  // COFF file header.
  image.writeUInt16LE(0x8664, at); // AMD64
  image.writeUInt16LE(2, at + 2); // sections
  image.writeUInt32LE(0, at + 4); // no timestamp: reproducible
  image.writeUInt16LE(240, at + 16); // size of the optional header
  image.writeUInt16LE(0x0001 | 0x0002 | 0x0020, at + 18); // relocs stripped, executable, large address aware
  at += 20;

  // Optional header (PE32+).
  const optional = at;
  image.writeUInt16LE(0x20b, optional);
  image.writeUInt32LE(textRaw, optional + 4); // SizeOfCode
  image.writeUInt32LE(align(BSS_SIZE, FILE_ALIGNMENT), optional + 12); // SizeOfUninitializedData
  image.writeUInt32LE(TEXT_RVA, optional + 16); // AddressOfEntryPoint: offset 0 of .text
  image.writeUInt32LE(TEXT_RVA, optional + 20); // BaseOfCode
  image.writeBigUInt64LE(IMAGE_BASE, optional + 24);
  image.writeUInt32LE(SECTION_ALIGNMENT, optional + 32);
  image.writeUInt32LE(FILE_ALIGNMENT, optional + 36);
  image.writeUInt16LE(6, optional + 40); // OS version 6.0 (Vista and later)
  image.writeUInt16LE(6, optional + 48); // subsystem version 6.0
  image.writeUInt32LE(BSS_RVA + align(BSS_SIZE, SECTION_ALIGNMENT), optional + 56); // SizeOfImage
  image.writeUInt32LE(headersSize, optional + 60); // SizeOfHeaders
  image.writeUInt16LE(3, optional + 68); // IMAGE_SUBSYSTEM_WINDOWS_CUI: a console program
  image.writeUInt16LE(0x0100 | 0x8000, optional + 70); // NX compatible, terminal-server aware
  image.writeBigUInt64LE(0x10_0000n, optional + 72); // stack reserve 1 MiB
  image.writeBigUInt64LE(0x1000n, optional + 80); // stack commit
  image.writeBigUInt64LE(0x10_0000n, optional + 88); // heap reserve
  image.writeBigUInt64LE(0x1000n, optional + 96); // heap commit
  image.writeUInt32LE(16, optional + 108); // NumberOfRvaAndSizes
  const directory = (index: number, rva: number, size: number) => {
    image.writeUInt32LE(rva, optional + 112 + index * 8);
    image.writeUInt32LE(size, optional + 112 + index * 8 + 4);
  };
  directory(1, TEXT_RVA + IMPORT_DIRECTORY.offset, IMPORT_DIRECTORY.size);
  directory(12, TEXT_RVA + IMPORT_ADDRESS_TABLE.offset, IMPORT_ADDRESS_TABLE.size);
  at = optional + 240;

  const section = (
    name: string,
    virtualSize: number,
    rva: number,
    rawSize: number,
    rawPointer: number,
    flags: number,
  ) => {
    image.write(name, at, "latin1");
    image.writeUInt32LE(virtualSize, at + 8);
    image.writeUInt32LE(rva, at + 12);
    image.writeUInt32LE(rawSize, at + 16);
    image.writeUInt32LE(rawPointer, at + 20);
    image.writeUInt32LE(flags >>> 0, at + 36);
    at += 40;
  };
  section(".text", text.length, TEXT_RVA, textRaw, headersSize, 0x6000_0020); // code, execute, read
  section(".bss", BSS_SIZE, BSS_RVA, 0, 0, 0xc000_0080); // uninitialized data, read, write

  text.copy(image, headersSize);
  return new Uint8Array(image.buffer, image.byteOffset, image.byteLength);
}
