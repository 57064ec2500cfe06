def index(r):
    pass


new = detail = record_pdf = enterprise = public = index
