# main.exe of a Windows on-prem package (connector compile --platform windows): runs
#   "<dir>\runtime\node.exe" "<dir>\app\main.mjs" <the launcher's own arguments, as typed>
# where <dir> is the launcher's directory, and exits with node's exit code.
#
# - the standard handles are passed on as inheritable copies (the agent reads stdout through a pipe);
# - node runs in a job object that kills it when the launcher ends (an agent that kills main.exe on a
#   timeout kills node too); it is created suspended and resumed once in the job;
# - Ctrl+C and Ctrl+Break reach both processes on a console: the launcher ignores them, node decides;
# - on failure it writes one line to stderr and exits 1.
#
# This is the .text section of the image windows-launcher.ts builds (image base 0x140000000, .text at RVA
# 0x1000, a zero-filled .bss at RVA 0x2000). Every address is RIP-relative or an RVA, so the bytes do not
# depend on where the image loads. windows-launcher.test.ts assembles this file again (GNU as, objcopy)
# and compares the bytes with those embedded in windows-launcher.ts:
#   as --64 -o launcher.o windows-launcher.s && objcopy -O binary -j .text launcher.o launcher.bin

        .intel_syntax noprefix
        .text

        .set RVA, 0x1000                # RVA of this section
        .set BSS, 0x1000                # the .bss section, relative to this one
        .set PATH, BSS                  # WCHAR[32768]: this executable's path, then node.exe's
        .set CMD, BSS + 0x10000         # WCHAR[131072]: node's command line
        .set STARTUP, BSS + 0x50000     # STARTUPINFOW (104 bytes)
        .set PROCINFO, BSS + 0x50080    # PROCESS_INFORMATION (24 bytes)
        .set JOBINFO, BSS + 0x500C0     # JOBOBJECT_EXTENDED_LIMIT_INFORMATION (144 bytes)
        .set WRITTEN, BSS + 0x50160     # DWORD
        .set EXITCODE, BSS + 0x50168    # DWORD

base:
        jmp     main                    # the entry point: offset 0

# Import directory: offset 0x10 (windows-launcher.ts points the data directory here), one DLL.
        .org    0x10
        .long   ilt - base + RVA        # OriginalFirstThunk
        .long   0                       # TimeDateStamp
        .long   0                       # ForwarderChain
        .long   dll - base + RVA        # Name
        .long   iat - base + RVA        # FirstThunk
        .zero   20                      # end of the directory

        .macro  THUNKS
        .quad   hn_GetModuleFileNameW - base + RVA
        .quad   hn_GetCommandLineW - base + RVA
        .quad   hn_GetStdHandle - base + RVA
        .quad   hn_GetCurrentProcess - base + RVA
        .quad   hn_DuplicateHandle - base + RVA
        .quad   hn_CreateJobObjectW - base + RVA
        .quad   hn_SetInformationJobObject - base + RVA
        .quad   hn_AssignProcessToJobObject - base + RVA
        .quad   hn_SetConsoleCtrlHandler - base + RVA
        .quad   hn_CreateProcessW - base + RVA
        .quad   hn_ResumeThread - base + RVA
        .quad   hn_CloseHandle - base + RVA
        .quad   hn_WaitForSingleObject - base + RVA
        .quad   hn_GetExitCodeProcess - base + RVA
        .quad   hn_WriteFile - base + RVA
        .quad   hn_ExitProcess - base + RVA
        .quad   0
        .endm

# Import lookup table: offset 0x40.
        .org    0x40
ilt:    THUNKS

# Import address table: offset 0xD0, 17 entries (windows-launcher.ts points the IAT directory here).
        .org    0xD0
iat:
GetModuleFileNameW:             .quad hn_GetModuleFileNameW - base + RVA
GetCommandLineW:                .quad hn_GetCommandLineW - base + RVA
GetStdHandle:                   .quad hn_GetStdHandle - base + RVA
GetCurrentProcess:              .quad hn_GetCurrentProcess - base + RVA
DuplicateHandle:                .quad hn_DuplicateHandle - base + RVA
CreateJobObjectW:               .quad hn_CreateJobObjectW - base + RVA
SetInformationJobObject:        .quad hn_SetInformationJobObject - base + RVA
AssignProcessToJobObject:       .quad hn_AssignProcessToJobObject - base + RVA
SetConsoleCtrlHandler:          .quad hn_SetConsoleCtrlHandler - base + RVA
CreateProcessW:                 .quad hn_CreateProcessW - base + RVA
ResumeThread:                   .quad hn_ResumeThread - base + RVA
CloseHandle:                    .quad hn_CloseHandle - base + RVA
WaitForSingleObject:            .quad hn_WaitForSingleObject - base + RVA
GetExitCodeProcess:             .quad hn_GetExitCodeProcess - base + RVA
WriteFile:                      .quad hn_WriteFile - base + RVA
ExitProcess:                    .quad hn_ExitProcess - base + RVA
                                .quad 0

        .macro  HINT_NAME name
        .balign 2
hn_\name: .short 0
        .asciz  "\name"
        .endm

        HINT_NAME GetModuleFileNameW
        HINT_NAME GetCommandLineW
        HINT_NAME GetStdHandle
        HINT_NAME GetCurrentProcess
        HINT_NAME DuplicateHandle
        HINT_NAME CreateJobObjectW
        HINT_NAME SetInformationJobObject
        HINT_NAME AssignProcessToJobObject
        HINT_NAME SetConsoleCtrlHandler
        HINT_NAME CreateProcessW
        HINT_NAME ResumeThread
        HINT_NAME CloseHandle
        HINT_NAME WaitForSingleObject
        HINT_NAME GetExitCodeProcess
        HINT_NAME WriteFile
        HINT_NAME ExitProcess
dll:    .asciz  "KERNEL32.dll"

        .balign 2
node:   .short  0x72, 0x75, 0x6e, 0x74, 0x69, 0x6d, 0x65, 0x5c, 0x6e, 0x6f, 0x64, 0x65, 0x2e, 0x65, 0x78, 0x65, 0
mjs:    .short  0x61, 0x70, 0x70, 0x5c, 0x6d, 0x61, 0x69, 0x6e, 0x2e, 0x6d, 0x6a, 0x73, 0
msg:    .ascii  "main.exe: cannot start runtime\\node.exe next to it\r\n"
msg_end:

        .balign 16
main:
        sub     rsp, 0x98               # shadow space and 10 argument slots; rsp 16-byte aligned

        lea     rcx, [rip + ctrl_handler]
        mov     edx, 1
        call    [rip + SetConsoleCtrlHandler]

        # A job that kills node when its last handle (this process's) closes.
        xor     ecx, ecx
        xor     edx, edx
        call    [rip + CreateJobObjectW]
        mov     r15, rax
        test    rax, rax
        jz      1f
        mov     dword ptr [rip + base + JOBINFO + 16], 0x2000   # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
        mov     rcx, r15
        mov     edx, 9                  # JobObjectExtendedLimitInformation
        lea     r8, [rip + base + JOBINFO]
        mov     r9d, 144
        call    [rip + SetInformationJobObject]
1:
        xor     ecx, ecx
        lea     rdx, [rip + base + PATH]
        mov     r8d, 32768
        call    [rip + GetModuleFileNameW]
        test    eax, eax
        jz      fail
        cmp     eax, 32700              # room to put runtime\node.exe in place of main.exe
        jae     fail

        # rdi = just after the last \ or / of the path
        lea     rsi, [rip + base + PATH]
        mov     rdi, rsi
2:      movzx   eax, word ptr [rsi]
        test    eax, eax
        jz      4f
        add     rsi, 2
        cmp     eax, 0x5C
        je      3f
        cmp     eax, 0x2F
        jne     2b
3:      mov     rdi, rsi
        jmp     2b
4:
        # "<dir>runtime\node.exe" "<dir>app\main.mjs"<rest of the command line>
        lea     rbx, [rip + base + CMD]
        mov     word ptr [rbx], 0x22
        add     rbx, 2
        call    copy_dir
        lea     rsi, [rip + node]
        call    copy_str
        mov     dword ptr [rbx], 0x00200022     # '"' ' '
        add     rbx, 4
        mov     word ptr [rbx], 0x22
        add     rbx, 2
        call    copy_dir
        lea     rsi, [rip + mjs]
        call    copy_str
        mov     word ptr [rbx], 0x22
        add     rbx, 2

        # Skip argv[0] as the C runtime reads it: quoted up to the next quote, else up to a blank.
        call    [rip + GetCommandLineW]
        mov     rsi, rax
        movzx   eax, word ptr [rsi]
        cmp     eax, 0x22
        jne     6f
        add     rsi, 2
5:      movzx   eax, word ptr [rsi]
        test    eax, eax
        jz      8f
        add     rsi, 2
        cmp     eax, 0x22
        jne     5b
        jmp     8f
6:      movzx   eax, word ptr [rsi]
        test    eax, eax
        jz      8f
        cmp     eax, 0x20
        je      8f
        cmp     eax, 0x09
        je      8f
        add     rsi, 2
        jmp     6b
8:      call    copy_str                # the arguments as typed: node parses them as the launcher would
        mov     word ptr [rbx], 0

        # The application: <dir>runtime\node.exe, written over main.exe in the path buffer.
        mov     rbx, rdi
        lea     rsi, [rip + node]
        call    copy_str
        mov     word ptr [rbx], 0

        # STARTUPINFOW with inheritable copies of the standard handles (missing ones stay null).
        lea     r12, [rip + base + STARTUP]
        mov     dword ptr [r12], 104
        mov     dword ptr [r12 + 60], 0x100     # STARTF_USESTDHANDLES
        mov     r13d, -10                       # STD_INPUT_HANDLE, then output (-11) and error (-12)
        lea     r14, [r12 + 80]
9:      mov     ecx, r13d
        call    [rip + GetStdHandle]
        test    rax, rax
        jz      10f
        cmp     rax, -1
        je      10f
        mov     [rsp + 0x70], rax
        call    [rip + GetCurrentProcess]
        mov     rcx, rax
        mov     rdx, [rsp + 0x70]
        mov     r8, rax
        mov     r9, r14
        mov     qword ptr [rsp + 0x20], 0       # dwDesiredAccess
        mov     qword ptr [rsp + 0x28], 1       # bInheritHandle
        mov     qword ptr [rsp + 0x30], 2       # DUPLICATE_SAME_ACCESS
        call    [rip + DuplicateHandle]
        test    eax, eax
        jnz     10f
        mov     rax, [rsp + 0x70]               # not duplicable: pass it as it is
        mov     [r14], rax
10:     add     r14, 8
        dec     r13d
        cmp     r13d, -13
        jne     9b

        lea     rcx, [rip + base + PATH]
        lea     rdx, [rip + base + CMD]
        xor     r8d, r8d
        xor     r9d, r9d
        mov     qword ptr [rsp + 0x20], 1       # bInheritHandles
        mov     qword ptr [rsp + 0x28], 4       # CREATE_SUSPENDED
        mov     qword ptr [rsp + 0x30], 0       # the launcher's environment
        mov     qword ptr [rsp + 0x38], 0       # and working directory
        mov     [rsp + 0x40], r12
        lea     rax, [rip + base + PROCINFO]
        mov     [rsp + 0x48], rax
        call    [rip + CreateProcessW]
        test    eax, eax
        jz      fail

        lea     r12, [rip + base + PROCINFO]
        test    r15, r15
        jz      11f
        mov     rcx, r15
        mov     rdx, [r12]
        call    [rip + AssignProcessToJobObject]
11:     mov     rcx, [r12 + 8]
        call    [rip + ResumeThread]
        mov     rcx, [r12 + 8]
        call    [rip + CloseHandle]
        mov     rcx, [r12]
        mov     edx, 0xFFFFFFFF                 # INFINITE
        call    [rip + WaitForSingleObject]
        mov     rcx, [r12]
        lea     rdx, [rip + base + EXITCODE]
        call    [rip + GetExitCodeProcess]
        mov     ecx, dword ptr [rip + base + EXITCODE]
        call    [rip + ExitProcess]

fail:
        mov     ecx, -12
        call    [rip + GetStdHandle]
        mov     rcx, rax
        lea     rdx, [rip + msg]
        mov     r8d, msg_end - msg
        lea     r9, [rip + base + WRITTEN]
        mov     qword ptr [rsp + 0x20], 0
        call    [rip + WriteFile]
        mov     ecx, 1
        call    [rip + ExitProcess]

# Copies the path buffer up to rdi (the directory, with its separator) to rbx.
copy_dir:
        lea     rsi, [rip + base + PATH]
1:      cmp     rsi, rdi
        jae     2f
        mov     ax, [rsi]
        mov     [rbx], ax
        add     rsi, 2
        add     rbx, 2
        jmp     1b
2:      ret

# Copies the string at rsi, without its terminator, to rbx.
copy_str:
1:      mov     ax, [rsi]
        test    ax, ax
        jz      2f
        mov     [rbx], ax
        add     rsi, 2
        add     rbx, 2
        jmp     1b
2:      ret

# Console control handler: handled (ignored) here; node, on the same console, gets its own.
ctrl_handler:
        mov     eax, 1
        ret
# windows-launcher.ts checks that this section fits in one page (0x1000 bytes).
