-- A real editor drives `okr lsp`: Neovim's built-in client opens a document, waits for
-- the server's diagnostics and writes them, one per line, to $OKR_NVIM_OUT.
local okr = os.getenv("OKR_BIN")
local doc = os.getenv("OKR_NVIM_DOC")
local out = os.getenv("OKR_NVIM_OUT")

vim.cmd("edit " .. vim.fn.fnameescape(doc))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "okr",
  cmd = { okr, "lsp" },
  root_dir = vim.fn.getcwd(),
})
if not client then
  io.stderr:write("okr lsp did not start\n")
  vim.cmd("cquit 1")
end
vim.lsp.buf_attach_client(buf, client)

local ok = vim.wait(15000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
if not ok then
  io.stderr:write("no diagnostics within 15 s\n")
  vim.cmd("cquit 1")
end

local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local message = d.message:gsub("\n.*", "")
  table.insert(lines, string.format("%s %d %s", d.code or "?", d.lnum + 1, message))
end
table.sort(lines)
vim.fn.writefile(lines, out)
vim.lsp.stop_client(client)
vim.cmd("qall!")
